package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.snapgrid.snapshot.SnapshotCompactionTest.MAP;
import static io.snapgrid.snapshot.NodeRows.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention removes what its policy no longer keeps and leaves everything else verifiable. */
class SnapshotRetentionTest {

    @TempDir
    Path dir;

    private final List<Map.Entry<String, GenericData.Record>> nodes = new ArrayList<>(Inventory.nodes(20).entrySet());
    private int revision;

    /** Snapshots 1-10: fulls at 1, 4 (base 3), 6 (base 4, so 5 is replayed after it) and 9; deltas between. */
    private List<SnapshotManifest> history(SnapshotStorage storage) throws IOException {
        List<SnapshotManifest> history = new ArrayList<>();
        history.add(full(storage, null));
        history.add(delta(storage));
        history.add(delta(storage));
        history.add(full(storage, 3L));
        history.add(delta(storage));
        history.add(full(storage, 4L));
        history.add(delta(storage));
        history.add(delta(storage));
        history.add(full(storage, 8L));
        history.add(delta(storage));
        return history;
    }

    @Test
    void keepsTheNewestFullsWithTheirChainsAndRemovesTheRest() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        List<SnapshotManifest> history = history(storage);
        Map<String, ObjectNode> before = Snapshots.latest(storage, MAP);
        Map<String, ObjectNode> asOfFull6 = Snapshots.content(storage, new SnapshotVerifier(storage)
                .verify(MAP, history.subList(4, 7)));

        List<RetentionResult> reported = new ArrayList<>();
        RetentionResult result = new SnapshotRetention(storage, new RetentionPolicy(2, Duration.ZERO),
                Clock.systemUTC(), (run, took) -> reported.add(run)).apply(MAP);

        // Fulls 9 and 6 are kept; 6 replays from 5, its base's successor.
        assertEquals(List.of(1L, 2L, 3L, 4L), result.manifests());
        assertEquals(List.of(result), reported, "the run reported what it removed");
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), new SnapshotCatalog(storage).ids(MAP));
        Set<String> removedFiles = new TreeSet<>();
        history.subList(0, 4).forEach(manifest -> manifest.files().forEach(file -> removedFiles.add(file.path())));
        assertEquals(removedFiles, new TreeSet<>(result.files()));
        assertEquals(dataFiles(history.subList(4, 10)), dataFiles(storage));
        assertTrue(result.bytes() > history.subList(0, 4).stream().mapToLong(SnapshotManifest::byteSize).sum());

        assertEquals(before, Snapshots.latest(storage, MAP));
        List<SnapshotManifest> kept = new SnapshotCatalog(storage).manifests(MAP);
        assertEquals(asOfFull6, Snapshots.content(storage, new SnapshotVerifier(storage).verify(MAP, kept.subList(0, 3))));
        assertTrue(new SnapshotRetention(storage, new RetentionPolicy(2, Duration.ZERO)).apply(MAP).removedNothing());
    }

    @Test
    void keepsEveryFullYoungerThanMaxAge() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        List<SnapshotManifest> history = history(storage);
        Instant full4 = history.get(3).createdAt();
        Instant full6 = history.get(5).createdAt();
        assertTrue(full4.isBefore(full6));
        // A day later, full 6 is just younger than max-age and full 4 just not.
        Instant now = full6.plus(Duration.ofDays(1));
        RetentionPolicy policy = new RetentionPolicy(1, Duration.between(full4, now));

        RetentionResult result = new SnapshotRetention(storage, policy, Clock.fixed(now, ZoneOffset.UTC)).apply(MAP);

        assertEquals(List.of(1L, 2L, 3L, 4L), result.manifests(), "full 6 is younger than max-age");
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), new SnapshotCatalog(storage).ids(MAP));
        new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
    }

    @Test
    void aMapOfOnlyDeltasKeepsThem() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        delta(storage);
        delta(storage);

        assertTrue(new SnapshotRetention(storage, new RetentionPolicy(1, Duration.ZERO)).apply(MAP).removedNothing());
        assertEquals(List.of(1L, 2L), new SnapshotCatalog(storage).ids(MAP));
    }

    @Test
    void anOrphanedDataFileGoesOnlyAfterTheGracePeriod() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        full(storage, null);
        Instant writerStart = Instant.parse("2026-11-01T03:00:00Z");
        String orphan = SnapshotLayout.partPath(MAP, SnapshotLayout.newWriterToken(writerStart), 0);
        try (PendingFile file = storage.create(orphan)) {
            file.out().write(new byte[100]);
            file.commit();
        }
        RetentionPolicy policy = new RetentionPolicy(1, Duration.ZERO, Duration.ofMinutes(30));

        RetentionResult early = new SnapshotRetention(storage, policy,
                Clock.fixed(writerStart.plus(Duration.ofMinutes(29)), ZoneOffset.UTC)).apply(MAP);
        assertTrue(early.removedNothing());
        RetentionResult late = new SnapshotRetention(storage, policy,
                Clock.fixed(writerStart.plus(Duration.ofMinutes(31)), ZoneOffset.UTC)).apply(MAP);

        assertEquals(List.of(orphan), late.files());
        assertEquals(100, late.bytes());
        assertEquals(List.of(), late.manifests());
        new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
    }

    @Test
    void theCatalogListsEveryMapWithFiles() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        full(storage, null);
        try (PendingFile file = storage.create(SnapshotLayout.partPath("stats.cpu", "t", 0))) {
            file.commit();
        }
        assertEquals(List.of(MAP, "stats.cpu"), new SnapshotCatalog(storage).maps());
    }

    private SnapshotManifest full(SnapshotStorage storage, Long baseId) throws IOException {
        revision++;
        try (PendingSnapshot snapshot = new SnapshotWriter(storage).beginFull(MAP, NODE, baseId)) {
            for (Map.Entry<String, GenericData.Record> node : nodes) {
                snapshot.add(SnapshotRow.upsert(node.getKey(), revision, Instant.EPOCH, node.getValue()));
            }
            return snapshot.commit();
        }
    }

    /** Rewrites one node per delta, so every snapshot changes what a restore from it reads. */
    private SnapshotManifest delta(SnapshotStorage storage) {
        revision++;
        Map.Entry<String, GenericData.Record> node = nodes.get(revision % nodes.size());
        GenericData.Record value = GenericData.get().deepCopy(NODE, node.getValue());
        value.put("hostname", "rev" + revision);
        return NodeRows.commit(storage, MAP, SnapshotKind.DELTA, List.of(SnapshotRow.upsert(node.getKey(), revision,
                Instant.EPOCH, value)));
    }

    private static Set<String> dataFiles(List<SnapshotManifest> manifests) {
        Set<String> files = new TreeSet<>();
        manifests.forEach(manifest -> manifest.files().forEach(file -> files.add(file.path())));
        return files;
    }

    private static Set<String> dataFiles(SnapshotStorage storage) throws IOException {
        Set<String> files = new TreeSet<>();
        storage.list(SnapshotLayout.dataPrefix(MAP)).forEach(file -> files.add(file.path()));
        return files;
    }
}
