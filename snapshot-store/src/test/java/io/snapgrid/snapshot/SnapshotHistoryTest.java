package io.snapgrid.snapshot;

import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.history.AsOfPage;
import io.snapgrid.snapshot.history.HistoryNotRetainedException;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.history.SnapshotHistory;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.snapgrid.snapshot.NodeRows.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History reads every version of a key once from deltas, fulls and repeated rolls, answers as-of questions, and
 * reaches back as far as retention keeps: {@code historyRetain} keeps changed rows, not the fulls between them.
 */
class SnapshotHistoryTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path dir;

    private final NodeRows nodes = new NodeRows(10);

    /** Key 0 goes Off (1), On (2), Ready (4), is deleted (6) and comes back Standby (8); a full folds in 1-3. */
    private SnapshotStorage writeHistory() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 10, 1, "Off"));
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 5, 2, "On"));
        // A roll that died before deleting its segment writes the same rows again.
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 5, 2, "On"));
        new SnapshotCompaction(storage).compact(MAP).orElseThrow();
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 3, 4, "Ready"));
        commit(storage, MAP, SnapshotKind.DELTA, nodes.deletes(0, 1, 6));
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(0, 1, 8, "Standby"));
        return storage;
    }

    @Test
    void listsEveryVersionOnceOldestFirst() throws IOException {
        SnapshotStorage storage = writeHistory();
        // A weak store redone after a migration: the same value again under a newer revision is no change.
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(9, 10, 3, "Off"));
        SnapshotHistory history = new SnapshotHistory(storage);
        List<HistoryVersion> versions = history.versions(MAP, nodes.key(0), null, null);
        assertEquals(List.of(1L, 2L, 4L, 6L, 8L), versions.stream().map(HistoryVersion::revision).toList());
        assertEquals(List.of("Off", "On", "Ready", "-", "Standby"), versions.stream().map(SnapshotHistoryTest::state)
                .toList());
        assertEquals(Instant.EPOCH.plusSeconds(4), versions.get(2).committedAt());
        assertEquals(List.of(2L, 4L), history.versions(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(2),
                Instant.EPOCH.plusSeconds(5)).stream().map(HistoryVersion::revision).toList());
        assertEquals(List.of(1L), history.versions(MAP, nodes.key(9), null, null).stream()
                .map(HistoryVersion::revision).toList());
    }

    /**
     * Commit-log rows not yet rolled join the files' versions: one also in a file (rolled between the two reads)
     * counts once, another key's row is no version of this key, and as-of reads see the log's newest version.
     */
    @Test
    void mergesCommitLogRowsWithTheFilesOnce() throws IOException {
        SnapshotHistory history = new SnapshotHistory(writeHistory());
        List<SnapshotRow> logged = new ArrayList<>(nodes.upserts(0, 1, 10, "Halt"));
        logged.addAll(nodes.upserts(0, 1, 8, "Standby"));
        logged.addAll(nodes.upserts(1, 2, 9, "Halt"));
        List<HistoryVersion> versions = history.versions(MAP, nodes.key(0), null, null, logged);
        assertEquals(List.of(1L, 2L, 4L, 6L, 8L, 10L), versions.stream().map(HistoryVersion::revision).toList());
        assertEquals("Halt", state(history.asOf(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(10), logged)
                .orElseThrow()));
        assertEquals("Standby", state(history.asOf(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(9), logged)
                .orElseThrow()));
    }

    @Test
    void asOfATimeIsTheVersionCurrentThen() throws IOException {
        SnapshotHistory history = new SnapshotHistory(writeHistory());
        assertEquals(Optional.empty(), history.asOf(MAP, nodes.key(0), Instant.EPOCH));
        assertEquals("On", state(history.asOf(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(3)).orElseThrow()));
        assertEquals(Optional.empty(), history.asOf(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(7)));
        assertEquals("Standby", state(history.asOf(MAP, nodes.key(0), Instant.EPOCH.plusSeconds(9)).orElseThrow()));
    }

    @Test
    void asOfListingPagesTheMapAsItWasFiltered() throws IOException {
        SnapshotHistory history = new SnapshotHistory(writeHistory());
        Instant at = Instant.EPOCH.plusSeconds(7);
        List<String> ready = new ArrayList<>();
        String after = null;
        do {
            AsOfPage page = history.asOf(MAP, at, value -> value.get("state").toString().equals("Ready"), 1, after);
            page.entries().forEach(row -> ready.add(row.key()));
            after = page.nextAfter().orElse(null);
        } while (after != null);
        assertEquals(List.of(nodes.key(1), nodes.key(2)).stream().sorted().toList(), ready,
                "key 0 was Ready but deleted by then");
        AsOfPage all = history.asOf(MAP, at, value -> true, 100, null);
        assertEquals(9, all.entries().size());
        assertTrue(all.nextAfter().isEmpty());
    }

    @Test
    void historyRetainKeepsChangedRowsNotFullCopies() throws IOException {
        SnapshotStorage storage = writeHistory();
        SnapshotCompaction compaction = new SnapshotCompaction(storage);
        SnapshotManifest laterFull = compaction.compact(MAP).orElseThrow();
        SnapshotManifest firstFull = new SnapshotCatalog(storage).manifest(MAP, 4);
        assertEquals(SnapshotKind.FULL, firstFull.kind());
        commit(storage, MAP, SnapshotKind.DELTA, nodes.upserts(5, 6, 10, "Halt"));
        compaction.compact(MAP).orElseThrow();
        Duration retain = Duration.ofDays(90);
        // The window starts when the first full was written: it is the state history starts from.
        Clock clock = Clock.fixed(firstFull.createdAt().plus(retain), ZoneOffset.UTC);
        new SnapshotRetention(storage, new RetentionPolicy(1, Duration.ZERO).withHistoryRetain(retain), clock)
                .apply(MAP);

        assertEquals(List.of(10L), new SnapshotCatalog(storage).ids(MAP), "restore keeps its newest full");
        List<Long> kept = new SnapshotCatalog(storage).historyManifests(MAP).stream().map(SnapshotManifest::id)
                .toList();
        assertEquals(List.of(4L, 5L, 6L, 7L, 9L), kept, "the first full and the deltas after it, not full " + laterFull.id());
        assertTrue(storage.list(SnapshotLayout.dataPrefix(MAP)).stream()
                .noneMatch(file -> laterFull.files().get(0).path().equals(file.path())));

        SnapshotHistory history = new SnapshotHistory(storage);
        assertEquals(Optional.of(firstFull.createdAt()), history.retainedFrom(MAP));
        assertEquals(List.of(2L, 4L, 6L, 8L), history.versions(MAP, nodes.key(0), null, null).stream()
                .map(HistoryVersion::revision).toList(), "revision 1 was folded into the full and is gone");
        HistoryNotRetainedException refused = assertThrows(HistoryNotRetainedException.class,
                () -> history.asOf(MAP, nodes.key(0), firstFull.createdAt().minusMillis(1)));
        assertEquals(firstFull.createdAt(), refused.oldestRetained());
        assertTrue(new SnapshotVerifier(storage).verifyLatest(MAP).isPresent());

        new SnapshotRetention(storage, new RetentionPolicy(1, Duration.ZERO), clock).apply(MAP);
        assertTrue(new SnapshotCatalog(storage).historyManifests(MAP).isEmpty(), "history off: copies go");
        assertFalse(history.retainedFrom(MAP).isEmpty());
        assertEquals(List.of(8L), history.versions(MAP, nodes.key(0), null, null).stream()
                .map(HistoryVersion::revision).toList());
    }

    /**
     * The leader's compaction and retention may delete the files a read has listed before it opens them: the read
     * then lists again and answers from the snapshots left, as it would have before (CI once got a 500 for this).
     */
    @Test
    void aReadWhoseFilesRetentionDeletesMeanwhileReadsWhatIsLeft() throws IOException {
        SnapshotStorage files = writeHistory();
        Instant later = Instant.now().plus(Duration.ofHours(1));
        List<String> listed = rows(new SnapshotHistory(files).asOf(MAP, later, value -> true, 100, null));

        AtomicBoolean retained = new AtomicBoolean();
        AsOfPage page = new SnapshotHistory(retainingAtFirstRead(files, retained)).asOf(MAP, later, value -> true,
                100, null);
        assertTrue(retained.get(), "retention ran between the listing and the first read");
        assertEquals(listed, rows(page));

        commit(files, MAP, SnapshotKind.DELTA, nodes.upserts(0, 1, 12, "Halt"));
        retained.set(false);
        Optional<HistoryVersion> key = new SnapshotHistory(retainingAtFirstRead(files, retained))
                .asOf(MAP, nodes.key(0), later);
        assertTrue(retained.get(), "retention ran between the listing and the first read");
        assertEquals("Halt", state(key.orElseThrow()));
    }

    /** The storage, except that the first read of a data file first compacts the map and keeps only that full. */
    private static SnapshotStorage retainingAtFirstRead(SnapshotStorage files, AtomicBoolean retained) {
        return new ForwardingStorage(files) {
            @Override
            public SeekableByteChannel open(String path) throws IOException {
                if (path.contains("/data/") && retained.compareAndSet(false, true)) {
                    new SnapshotCompaction(files).compact(MAP).orElseThrow();
                    new SnapshotRetention(files, new RetentionPolicy(1, Duration.ZERO)).apply(MAP);
                }
                return super.open(path);
            }
        };
    }

    private static List<String> rows(AsOfPage page) {
        return page.entries().stream().map(row -> row.key() + "=" + row.value()).toList();
    }

    private static String state(HistoryVersion version) {
        return version.isDelete() ? "-" : version.value().get("state").toString();
    }
}
