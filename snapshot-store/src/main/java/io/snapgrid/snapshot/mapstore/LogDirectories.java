package io.snapgrid.snapshot.mapstore;

import io.snapgrid.snapshot.CommitLog;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotWriter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The commit logs under the shared root, one directory per running member process, each held by a file lock for
 * as long as its process lives. A directory whose lock can be taken belongs to a process that is gone (killed,
 * crashed or stopped): its rows are acknowledged writes that may be in no snapshot yet, so the next member to start
 * rolls them into deltas and removes the directory, before it joins the cluster. By the time a restarted cluster
 * restores, every log of the previous run is in the snapshots, verified like every other file.
 */
final class LogDirectories {

    private static final String LOCK = "LOCK";
    private static final String TAKE_OVER_LOCK = "TAKEOVER.lock";
    /** File locks belong to the process; members sharing a JVM (tests) must take turns by this lock too. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    /**
     * The directories members of this process hold. Their lock files are never opened again here: closing any
     * channel of a file releases the process's lock on it (POSIX record locks), which would let another process
     * take over a live member's log.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private LogDirectories() {
    }

    /** A member's own log directory, locked until closed. */
    record Claimed(Path directory, FileChannel channel, FileLock lock) implements Closeable {

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                CLAIMED.remove(directory);
            }
        }
    }

    /**
     * Rolls the logs of stopped processes into deltas, then claims a fresh directory for this one.
     *
     * @return the deltas written from left-over logs, and the claimed directory
     */
    static Claimed takeOver(Path root, SnapshotWriter snapshots, List<SnapshotManifest> rolled) throws IOException {
        Files.createDirectories(root);
        IN_PROCESS.lock();
        try (FileChannel takeOver = FileChannel.open(root.resolve(TAKE_OVER_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = takeOver.lock()) {
            for (Path directory : directories(root)) {
                rollIfAbandoned(directory, snapshots, rolled);
            }
            return claim(root.resolve("member-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                    "yyyyMMdd-HHmmss")) + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static void rollIfAbandoned(Path directory, SnapshotWriter snapshots, List<SnapshotManifest> rolled)
            throws IOException {
        if (CLAIMED.contains(directory.toAbsolutePath().normalize())) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return;
            }
            if (lock == null) {
                return;
            }
            try (lock) {
                try (CommitLog log = CommitLog.open(directory, Map.of())) {
                    rolled.addAll(log.roll(snapshots));
                }
                deleteContents(directory);
            }
        }
        Files.deleteIfExists(directory.resolve(LOCK));
        Files.deleteIfExists(directory);
    }

    private static Claimed claim(Path directory) throws IOException {
        Path claimed = directory.toAbsolutePath().normalize();
        Files.createDirectories(claimed);
        FileChannel channel = FileChannel.open(claimed.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            Claimed claim = new Claimed(claimed, channel, channel.lock());
            CLAIMED.add(claimed);
            return claim;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static List<Path> directories(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** Everything but the lock, which is removed once released. */
    private static void deleteContents(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = new ArrayList<>(entries.filter(file -> !file.getFileName().toString().equals(LOCK)).toList());
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
