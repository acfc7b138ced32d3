package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compaction folds deltas into a full snapshot once they exceed half of it, without changing what restore reads. */
class SnapshotCompactionTest {

    static final String MAP = "inventory.nodes";

    @TempDir
    Path dir;

    private final NodeRows nodes = new NodeRows(200);

    @Test
    void dueExactlyWhenTheDeltasExceedHalfTheFull() {
        SnapshotManifest full = manifest(1, SnapshotKind.FULL, 1000);
        assertFalse(SnapshotCompaction.isDue(full, List.of()));
        assertFalse(SnapshotCompaction.isDue(full, List.of(manifest(2, SnapshotKind.DELTA, 300),
                manifest(3, SnapshotKind.DELTA, 200))));
        assertTrue(SnapshotCompaction.isDue(full, List.of(manifest(2, SnapshotKind.DELTA, 300),
                manifest(3, SnapshotKind.DELTA, 201))));
    }

    @Test
    void manySmallDeltasAreDueWhateverTheirSize() {
        SnapshotManifest full = manifest(1, SnapshotKind.FULL, 1_000_000);
        List<SnapshotManifest> deltas = new ArrayList<>();
        for (int id = 2; deltas.size() < SnapshotCompaction.MAX_REPLAYED_DELTAS - 1; id++) {
            deltas.add(manifest(id, SnapshotKind.DELTA, 10));
        }
        assertFalse(SnapshotCompaction.isDue(full, deltas), "63 tiny deltas");
        deltas.add(manifest(deltas.size() + 2, SnapshotKind.DELTA, 10));
        assertTrue(SnapshotCompaction.isDue(full, deltas), "64 tiny deltas bound the file count");
    }

    @Test
    void realDeltasBecomeDueOnceTheyOutgrowHalfTheFull() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        SnapshotCompaction compaction = new SnapshotCompaction(storage);
        assertFalse(compaction.isDue(MAP), "no snapshots");
        SnapshotManifest full = NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        assertFalse(compaction.isDue(MAP), "a full alone");
        long deltaBytes = 0;
        int revision = 2;
        while (true) {
            boolean dueBefore = compaction.isDue(MAP);
            SnapshotManifest delta = NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 20, revision++, "Halt"));
            deltaBytes += delta.byteSize();
            assertFalse(dueBefore, "due before the deltas exceeded half the full");
            assertEquals(deltaBytes * 2 > full.byteSize(), compaction.isDue(MAP), deltaBytes + " delta bytes");
            if (deltaBytes * 2 > full.byteSize()) {
                break;
            }
        }
    }

    @Test
    void aFullPublishedByAnotherMemberWhileCompactingIsFoldedIn() throws IOException {
        SnapshotStorage plain = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(plain, MAP, SnapshotKind.DELTA, nodes.upserts(0, 10, 1, "Ready"));
        NodeRows.commit(plain, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 2, "Halt"));
        Map<String, ObjectNode> merged = Snapshots.content(plain, new SnapshotVerifier(plain)
                .verifyRestoreChain(MAP).orElseThrow());
        FullPublishedAfterListing racing = new FullPublishedAfterListing(plain, MAP);

        SnapshotManifest full = new SnapshotCompaction(racing).compact(MAP).orElseThrow();

        assertEquals(3, racing.published().id());
        assertEquals(List.of(4L), List.of(full.id()), "the compaction read the other member's full");
        assertEquals(merged, Snapshots.latest(plain, MAP));
    }

    @Test
    void aMapOfOnlyDeltasIsDueAndGetsItsFirstFull() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 10, 1, "Ready"));
        SnapshotManifest last = NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 15, 2, "Halt"));
        Map<String, ObjectNode> merged = Snapshots.content(storage, new SnapshotVerifier(storage)
                .verifyRestoreChain(MAP).orElseThrow());
        SnapshotCompaction compaction = new SnapshotCompaction(storage);
        assertTrue(compaction.isDue(MAP));

        SnapshotManifest full = compaction.compact(MAP).orElseThrow();

        assertEquals(last.id(), full.baseId());
        assertEquals(merged, Snapshots.latest(storage, MAP));
        assertFalse(compaction.isDue(MAP));
    }

    @Test
    void compactionKeepsTheMergedContentAndNeedsNoDeltas() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(storage, MAP, SnapshotKind.FULL, nodes.upserts(0, 100, 1, "Ready"));
        NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(50, 150, 2, "Halt"));
        SnapshotManifest last = NodeRows.commit(storage, MAP, SnapshotKind.DELTA, nodes.deletes(0, 10, 3));
        Map<String, ObjectNode> before = Snapshots.latest(storage, MAP);

        List<Long> progress = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<SnapshotManifest> reported = new ArrayList<>();
        SnapshotCompaction compaction = new SnapshotCompaction(storage, (compacted, took) -> {
            assertFalse(took.isNegative());
            reported.add(compacted);
        });
        SnapshotManifest full = compaction.compact(MAP, (rows, chainRows) -> {
            progress.add(rows);
            totals.add(chainRows);
        }).orElseThrow();

        assertEquals(LongStream.rangeClosed(0, 140).boxed().toList(), progress, "at the start, then per row written");
        assertEquals(Set.of(100L + 100 + 10), Set.copyOf(totals), "the rows of the chain folded, tombstones included");
        assertEquals(SnapshotKind.FULL, full.kind());
        assertEquals(last.id(), full.baseId());
        assertEquals(140, full.rowCount());
        VerifiedChain chain = new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
        assertEquals(List.of(full), chain.manifests());
        assertEquals(before, Snapshots.latest(storage, MAP));
        assertEquals(List.of(1L, 2L, 3L, 4L), new SnapshotCatalog(storage).ids(MAP), "compaction deletes nothing");
        assertTrue(compaction.compact(MAP).isEmpty(), "nothing left to fold in");
        assertEquals(List.of(full), reported, "one event per full snapshot written, none when nothing was folded");
    }

    @Test
    void aDeltaCommittedDuringCompactionIsStillReplayed() throws IOException {
        SnapshotStorage plain = new FileSystemSnapshotStorage(dir);
        NodeRows.commit(plain, MAP, SnapshotKind.FULL, nodes.upserts(0, 100, 1, "Ready"));
        SnapshotManifest read = NodeRows.commit(plain, MAP, SnapshotKind.DELTA, nodes.upserts(0, 60, 2, "Halt"));
        AtomicBoolean committed = new AtomicBoolean();
        SnapshotStorage racing = new ForwardingStorage(plain) {
            @Override
            public PendingFile create(String path) throws IOException {
                // The compaction's first data file: another member commits a delta now.
                if (path.endsWith(".parquet") && committed.compareAndSet(false, true)) {
                    NodeRows.commit(plain, MAP, SnapshotKind.DELTA, nodes.upserts(0, 1, 9, "Off"));
                }
                return super.create(path);
            }
        };

        SnapshotManifest full = new SnapshotCompaction(racing).compact(MAP).orElseThrow();

        assertTrue(committed.get());
        assertEquals(read.id(), full.baseId());
        assertEquals(read.id() + 2, full.id());
        assertEquals(List.of(full.id(), read.id() + 1), new SnapshotVerifier(plain).verifyLatest(MAP).orElseThrow()
                .manifests().stream().map(SnapshotManifest::id).toList());
        assertEquals("Off", Snapshots.latest(plain, MAP).get(nodes.key(0)).get("state").asText());
        assertEquals("Halt", Snapshots.latest(plain, MAP).get(nodes.key(1)).get("state").asText());
    }

    private static SnapshotManifest manifest(long id, SnapshotKind kind, long bytes) {
        return new SnapshotManifest(MAP, id, id == 1 ? null : id - 1, kind, null, Instant.EPOCH, NodeRows.NODE,
                List.of(new SnapshotFile("map=" + MAP + "/data/t/part-00000.parquet", 1, bytes, "0".repeat(64))));
    }
}
