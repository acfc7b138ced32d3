package io.snapgrid.snapshot.mapstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.MapStore;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each member process keeps its commit log in a directory it holds a file lock on. The next member to start rolls
 * the directories of processes that are gone (their lock is free) into deltas and removes them, and leaves alone
 * those whose process still holds the lock, in another JVM or in this one.
 */
class LogDirectoriesTakeoverTest {

    private static final String MAP = "inventory.taken-over";

    @TempDir
    Path dir;

    private SnapshotStorage storage;
    private Path logRoot;

    @Test
    void theLogOfAStoppedProcessIsRolledAndRemovedByTheNextOpen() throws Exception {
        setUp();
        Map<String, GenericRecord> nodes = MapStoreTesting.nodes(40, "Ready");
        Path dead = leaveLogBehind(nodes);

        try (SnapshotMapStores next = open()) {
            List<SnapshotManifest> rolled = next.rolledAtOpen();
            assertEquals(1, rolled.size(), rolled.toString());
            assertEquals(MAP, rolled.get(0).map());
            assertEquals(40, rolled.get(0).rowCount());
            assertFalse(Files.exists(dead), "the dead process's directory is removed");
            assertEquals(List.of(next.logDirectory()), directories(), "only the new member's own directory is left");
        }
        assertEquals(MapStoreTesting.json(nodes), MapStoreTesting.restored(storage, MAP));
    }

    @Test
    void aLogWhoseLockAnotherProcessHoldsIsLeftAlone() throws Exception {
        setUp();
        Map<String, GenericRecord> nodes = MapStoreTesting.nodes(40, "Ready");
        Path alive = leaveLogBehind(nodes);
        List<Path> segments = files(alive);

        try (LockHolder holder = LockHolder.hold(dir, alive.resolve("LOCK"))) {
            try (SnapshotMapStores next = open()) {
                assertEquals(List.of(), next.rolledAtOpen());
                assertEquals(segments, files(alive), "the live process's log is untouched");
            }
        }
        try (SnapshotMapStores afterItStopped = open()) {
            assertEquals(1, afterItStopped.rolledAtOpen().size());
            assertFalse(Files.exists(alive));
        }
        assertEquals(MapStoreTesting.json(nodes), MapStoreTesting.restored(storage, MAP));
    }

    /**
     * Members sharing a JVM (tests, an embedding application): opening the second must not cost the first its lock.
     * On Linux a process's file locks are released when it closes any channel of the file, so a takeover that opened
     * and closed the first member's lock file handed that member's live log to the next process to start.
     */
    @Test
    void aMemberOfThisProcessKeepsItsLockWhenAnotherOpens() throws Exception {
        setUp();
        try (SnapshotMapStores first = open()) {
            MapStore<Object, Object> strong = strongStore(first);
            Map<String, GenericRecord> nodes = MapStoreTesting.nodes(10, "Ready");
            strong.storeAll(new HashMap<>(nodes));
            try (SnapshotMapStores second = open()) {
                assertEquals(List.of(), second.rolledAtOpen());
                assertEquals("held", LockHolder.tryLock(dir, first.logDirectory().resolve("LOCK")),
                        "another process could take the first member's lock and roll its live log");
            }
            assertTrue(Files.exists(first.logDirectory()));
        }
    }

    private void setUp() {
        storage = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        logRoot = dir.resolve("commit-logs");
    }

    private SnapshotMapStores open() throws IOException {
        return MapStoreTesting.open(storage, logRoot, new MapStoreTesting.RecordingEvents());
    }

    /**
     * A process that appended {@code nodes} and died: its directory as it was before the roll at close, under a name
     * of its own, its lock free.
     */
    private Path leaveLogBehind(Map<String, GenericRecord> nodes) throws IOException {
        Path copy = dir.resolve("left-behind");
        try (SnapshotMapStores stores = open()) {
            strongStore(stores).storeAll(new HashMap<>(nodes));
            Files.createDirectories(copy);
            for (Path file : files(stores.logDirectory())) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        // Its own close rolled the log; the copy is what a crash would have left.
        storageReset();
        Path dead = logRoot.resolve("member-19700101-000000-deadbeef");
        Files.move(copy, dead);
        return dead;
    }

    /** Forgets the deltas the member's close wrote, so that only the left-behind log holds the rows. */
    private void storageReset() throws IOException {
        Path snapshots = dir.resolve("snapshots");
        try (Stream<Path> files = Files.walk(snapshots)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
        try (Stream<Path> members = Files.list(logRoot)) {
            for (Path member : members.filter(Files::isDirectory).toList()) {
                for (Path file : files(member)) {
                    Files.delete(file);
                }
                Files.delete(member);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static MapStore<Object, Object> strongStore(SnapshotMapStores stores) {
        return (MapStore<Object, Object>) stores.newMapStore(MAP, new Properties());
    }

    private List<Path> directories() throws IOException {
        try (Stream<Path> entries = Files.list(logRoot)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }

    /** Another JVM that takes a file lock, so the lock is held the way a live member process holds it. */
    private static final class LockHolder implements AutoCloseable {

        private static final String SOURCE = """
                import java.nio.channels.*;
                import java.nio.file.*;
                public class LockHolderMain {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE)) {
                            FileLock lock = channel.tryLock();
                            System.out.println(lock == null ? "held" : "acquired");
                            System.out.flush();
                            if (args[0].equals("hold") && lock != null) {
                                System.in.read();
                            }
                        }
                    }
                }
                """;

        private final Process process;

        private LockHolder(Process process) {
            this.process = process;
        }

        /** Holds the lock until closed. */
        static LockHolder hold(Path workDir, Path lockFile) throws IOException {
            Process process = start(workDir, "hold", lockFile);
            String answer = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertEquals("acquired", answer, "the other process took the lock");
            return new LockHolder(process);
        }

        /** Whether another process can take the lock now: "acquired" (then released at once) or "held". */
        static String tryLock(Path workDir, Path lockFile) throws IOException, InterruptedException {
            Process process = start(workDir, "try", lockFile);
            String answer = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            return answer;
        }

        private static Process start(Path workDir, String mode, Path lockFile) throws IOException {
            Path source = workDir.resolve("LockHolderMain.java");
            if (!Files.exists(source)) {
                Files.writeString(source, SOURCE);
            }
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    source.toString(), mode, lockFile.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        }
    }
}
