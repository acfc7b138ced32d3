package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitLogTest {

    private static final String NODES = "inventory.nodes";
    private static final String COMPONENTS = "inventory.components";
    private static final Map<String, Schema> SCHEMAS = Map.of(NODES, Inventory.NODE.avroSchema(),
            COMPONENTS, Inventory.COMPONENT.avroSchema());
    private static final List<SnapshotRow> NODE_ROWS = nodeRows(40);

    @TempDir
    Path root;

    private Path logDir() {
        return root.resolve("log/member-1");
    }

    @Test
    void acknowledgedAppendsAreReadBackAfterReopening() throws Exception {
        List<LoggedRow> appended = new ArrayList<>();
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            for (SnapshotRow row : NODE_ROWS) {
                log.append(NODES, row).get();
                appended.add(new LoggedRow(NODES, row));
            }
            List<SnapshotRow> batch = List.of(SnapshotRow.delete("component-gone", 3, Inventory.COMMIT_TIME),
                    SnapshotRow.delete(NODE_ROWS.get(0).key(), 99, Inventory.COMMIT_TIME));
            log.append(COMPONENTS, batch.subList(0, 1)).get();
            log.append(NODES, batch.subList(1, 2)).get();
            appended.add(new LoggedRow(COMPONENTS, batch.get(0)));
            appended.add(new LoggedRow(NODES, batch.get(1)));
        }
        try (CommitLog reopened = CommitLog.open(logDir(), SCHEMAS)) {
            assertEquals(describe(appended), describe(replay(reopened)));
        }
    }

    @Test
    void concurrentWritersAllCompleteAndShareFsyncs() throws Exception {
        int writers = 64;
        int appendsEach = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int first = writer * appendsEach;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int index = first; index < first + appendsEach; index++) {
                        SnapshotRow template = NODE_ROWS.get(index % NODE_ROWS.size());
                        log.append(NODES, SnapshotRow.upsert("key-" + index, 1, template.commitTime(),
                                template.value())).get();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get();
            }
            CommitLogStats stats = log.stats();
            assertEquals(writers * appendsEach, stats.appends());
            assertEquals(stats.writes(), stats.fsyncs(), "one fsync per group commit");
            assertTrue(stats.fsyncs() < stats.appends(), "writers share fsyncs: " + stats);
            assertEquals(writers * appendsEach, replay(log).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTornTailIsCutAndTheRecordsBeforeItSurvive() throws Exception {
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            for (SnapshotRow row : NODE_ROWS.subList(0, 10)) {
                log.append(NODES, row).get();
            }
        }
        Path segment = onlySegmentWithRecords();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 5);   // the crash tore the last record
        }
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            assertEquals(describe(loggedNodes(NODE_ROWS.subList(0, 9))), describe(replay(log)));
            log.append(NODES, NODE_ROWS.get(10)).get();
        }
        List<SnapshotRow> survivors = new ArrayList<>(NODE_ROWS.subList(0, 9));
        survivors.add(NODE_ROWS.get(10));
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            assertEquals(describe(loggedNodes(survivors)), describe(replay(log)), "the tail was cut, not skipped");
        }
    }

    @Test
    void aFlippedByteBeforeIntactRecordsIsReportedWithFileAndOffset() throws Exception {
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            for (SnapshotRow row : NODE_ROWS.subList(0, 10)) {
                log.append(NODES, row).get();
            }
        }
        Path segment = onlySegmentWithRecords();
        long damaged = frameOffsets(segment).get(3);
        flipByte(segment, damaged + 20);

        CommitLogCorruptException e = assertThrows(CommitLogCorruptException.class,
                () -> CommitLog.open(logDir(), SCHEMAS));
        assertEquals(segment, e.path());
        assertEquals(damaged, e.offset());
        assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("offset " + damaged),
                e.getMessage());
    }

    @Test
    void damageInAnOlderSegmentIsReportedByReplay() throws Exception {
        List<Path> segments;
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS, CommitLogOptions.defaults().withSegmentBytes(4096))) {
            for (SnapshotRow row : NODE_ROWS) {
                log.append(NODES, row).get();
            }
            segments = segments();
            assertTrue(segments.size() > 2, "several segments: " + segments);
            long damaged = frameOffsets(segments.get(0)).get(1);
            flipByte(segments.get(0), damaged + 12);

            CommitLogCorruptException e = assertThrows(CommitLogCorruptException.class, () -> replay(log));
            assertEquals(segments.get(0), e.path());
            assertEquals(damaged, e.offset());
        }
    }

    @Test
    void rollWritesOneDeltaPerMapAndDeletesTheSegments() throws Exception {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root.resolve("snapshots"));
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS, CommitLogOptions.defaults().withSegmentBytes(4096))) {
            for (SnapshotRow row : NODE_ROWS) {
                log.append(NODES, row).get();
            }
            log.append(NODES, SnapshotRow.delete(NODE_ROWS.get(1).key(), 50, Inventory.COMMIT_TIME)).get();
            log.append(COMPONENTS, SnapshotRow.delete("component-gone", 7, Inventory.COMMIT_TIME)).get();
            assertTrue(segments().size() > 2);

            List<SnapshotManifest> deltas = log.roll(new SnapshotWriter(storage));

            assertEquals(List.of(NODES, COMPONENTS), deltas.stream().map(SnapshotManifest::map).toList());
            assertTrue(deltas.stream().allMatch(delta -> delta.kind() == SnapshotKind.DELTA));
            assertEquals(List.of((long) NODE_ROWS.size() + 1, 1L),
                    deltas.stream().map(SnapshotManifest::rowCount).toList());
            assertEquals(1, segments().size(), "only the new, empty segment is left");
            assertEquals(List.of(), replay(log));
            Map<String, ObjectNode> expected = expectedNodes(NODE_ROWS);
            expected.remove(NODE_ROWS.get(1).key());
            assertEquals(expected, deltas(storage));

            assertEquals(List.of(), log.roll(new SnapshotWriter(storage)), "nothing new to roll");
        }
    }

    @Test
    void rollingAgainAfterACrashBeforeTheSegmentsWereDeletedChangesNothing() throws Exception {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root.resolve("snapshots"));
        Path copies = Files.createDirectories(root.resolve("copies"));
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS, CommitLogOptions.defaults().withSegmentBytes(4096))) {
            for (SnapshotRow row : NODE_ROWS) {
                log.append(NODES, row).get();
            }
            SnapshotRow newer = NODE_ROWS.get(5);
            log.append(NODES, SnapshotRow.upsert(newer.key(), 1000, newer.commitTime(), NODE_ROWS.get(6).value()))
                    .get();
            log.roll(new SnapshotWriter(storage));   // seals the segment appended to
            log.append(NODES, SnapshotRow.delete(NODE_ROWS.get(7).key(), 1000, Inventory.COMMIT_TIME)).get();
            for (Path segment : segments()) {
                Files.copy(segment, copies.resolve(segment.getFileName()));
            }
            log.roll(new SnapshotWriter(storage));
        }
        Map<String, ObjectNode> rolledOnce = deltas(storage);
        assertEquals(NODE_ROWS.size() - 1, rolledOnce.size());
        try (Stream<Path> files = Files.list(copies)) {
            for (Path copy : files.toList()) {   // the deletions never happened
                Files.copy(copy, logDir().resolve(copy.getFileName()));
            }
        }
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS)) {
            assertEquals(1, log.roll(new SnapshotWriter(storage)).size());
        }
        assertEquals(rolledOnce, deltas(storage));
        assertEquals(3, new SnapshotCatalog(storage).manifests(NODES).size(), "the rows were rolled twice");
    }

    @Test
    void anUnusableDirectoryFailsAppendsNamingTheFileUntilItIsBack() throws Exception {
        Path dir = logDir();
        try (CommitLog log = CommitLog.open(dir, SCHEMAS)) {
            log.append(NODES, NODE_ROWS.get(0)).get();
            Files.move(dir, root.resolve("moved-away"));
            Files.writeString(dir, "not a directory");   // permissions do not stop root, a file in the way does
            SnapshotWriter snapshots = new SnapshotWriter(new FileSystemSnapshotStorage(root.resolve("snapshots")));
            CommitLogException sealing = assertThrows(CommitLogException.class, () -> log.roll(snapshots));
            assertEquals(dir, sealing.path().getParent());

            for (SnapshotRow row : NODE_ROWS.subList(1, 3)) {
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> log.append(NODES, row).get());
                CommitLogException e = assertInstanceOf(CommitLogException.class, failed.getCause());
                assertEquals(dir, e.path().getParent());
                assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("cannot create"),
                        e.getMessage());
            }

            Files.delete(dir);
            Files.createDirectories(dir);
            log.append(NODES, NODE_ROWS.get(4)).get();
            assertEquals(describe(loggedNodes(List.of(NODE_ROWS.get(4)))), describe(replay(log)));
        }
        Path underAFile = Files.writeString(root.resolve("a-file"), "").resolve("log");
        CommitLogException e = assertThrows(CommitLogException.class, () -> CommitLog.open(underAFile, SCHEMAS));
        assertEquals(underAFile, e.path());
    }

    @Test
    void aFullQueueFailsAppendsAtOnce() throws Exception {
        int capacity = 4;
        try (CommitLog log = CommitLog.open(logDir(), SCHEMAS, CommitLogOptions.defaults()
                .withQueueCapacity(capacity))) {
            CompletableFuture<Void> writerHeld = new CompletableFuture<>();
            CountDownLatch release = new CountDownLatch(1);
            // A dependent action runs on the thread that completes the future: the log's writer, unless the future
            // was complete already. Append until one such action holds the writer, so nothing is taken off the queue.
            while (!writerHeld.isDone()) {
                CompletableFuture<Void> passed = log.append(NODES, NODE_ROWS.get(0)).thenRun(() -> {
                    if (Thread.currentThread().getName().startsWith("commit-log") && writerHeld.complete(null)) {
                        await(release);
                    }
                });
                CompletableFuture.anyOf(passed, writerHeld).get();
            }
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            for (int index = 0; index < capacity; index++) {
                queued.add(log.append(NODES, NODE_ROWS.get(index)));
            }

            CompletableFuture<Void> rejected = log.append(NODES, NODE_ROWS.get(capacity));

            assertTrue(rejected.isCompletedExceptionally(), "failed at once, without waiting");
            ExecutionException failed = assertThrows(ExecutionException.class, rejected::get);
            CommitLogFullException e = assertInstanceOf(CommitLogFullException.class, failed.getCause());
            assertEquals(log.directory(), e.path());
            release.countDown();
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<SnapshotRow> nodeRows(int count) {
        List<SnapshotRow> rows = new ArrayList<>();
        long revision = 1;
        for (Map.Entry<String, GenericData.Record> node : Inventory.nodes(count).entrySet()) {
            rows.add(SnapshotRow.upsert(node.getKey(), revision++, Inventory.COMMIT_TIME, node.getValue()));
        }
        return rows;
    }

    private static List<LoggedRow> loggedNodes(List<SnapshotRow> rows) {
        return rows.stream().map(row -> new LoggedRow(NODES, row)).toList();
    }

    private static Map<String, ObjectNode> expectedNodes(List<SnapshotRow> rows) {
        Map<String, ObjectNode> expected = new TreeMap<>();
        for (SnapshotRow row : rows) {
            ObjectNode json = Inventory.json(Inventory.NODE, row.value());
            json.put("_revision", row.revision());
            expected.put(row.key(), json);
        }
        return expected;
    }

    /** What restore would load from deltas alone, as the log writes no full snapshot. */
    private static Map<String, ObjectNode> deltas(SnapshotStorage storage) throws IOException {
        return Snapshots.content(storage, new SnapshotVerifier(storage).verifyRestoreChain(NODES).orElseThrow());
    }

    /** Rows as comparable text: Avro records read back hold Utf8 where the generated ones hold String. */
    private static List<String> describe(List<LoggedRow> rows) {
        return rows.stream().map(logged -> {
            SnapshotRow row = logged.row();
            Schema schema = SCHEMAS.get(logged.map());
            String value = row.value() == null ? "-" : (logged.map().equals(NODES) ? Inventory.NODE
                    : Inventory.COMPONENT).toJson(row.value()).toString();
            return String.join(" ", logged.map(), row.key(), row.op().name(), Long.toString(row.revision()),
                    row.commitTime().toString(), schema.getFullName(), value);
        }).toList();
    }

    private static List<LoggedRow> replay(CommitLog log) throws IOException {
        List<LoggedRow> rows = new ArrayList<>();
        log.replay(rows::add);
        return rows;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(logDir())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private Path onlySegmentWithRecords() throws IOException {
        List<Path> withRecords = new ArrayList<>();
        for (Path segment : segments()) {
            if (Files.size(segment) > 8) {
                withRecords.add(segment);
            }
        }
        assertEquals(1, withRecords.size(), withRecords.toString());
        return withRecords.get(0);
    }

    /** Where each record starts: after the 8-byte segment header, records of {@code int length, int crc, payload}. */
    private static List<Long> frameOffsets(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> offsets = new ArrayList<>();
        for (int offset = 8; offset < bytes.limit(); offset += 8 + bytes.getInt(offset)) {
            offsets.add((long) offset);
        }
        return offsets;
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            channel.write(one, position);
        }
    }
}
