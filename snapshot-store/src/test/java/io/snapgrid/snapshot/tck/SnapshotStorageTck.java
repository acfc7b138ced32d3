package io.snapgrid.snapshot.tck;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileExistsException;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.StoredFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link SnapshotStorage} backend must show. A backend's test extends this class and returns a
 * new, empty storage from {@link #newStorage()}; the suite knows nothing of the grid or of snapshots.
 *
 * <p>The overwrite semantics under test are the interface's: a path is published at most once, and the first commit
 * wins a race.
 */
public abstract class SnapshotStorageTck {

    protected SnapshotStorage storage;

    /** A storage with no files in it, used by one test only. */
    protected abstract SnapshotStorage newStorage() throws Exception;

    @BeforeEach
    void createStorage() throws Exception {
        storage = newStorage();
    }

    @Test
    void aFileIsInvisibleUntilCommittedAndThenWhole() throws IOException {
        byte[] contents = randomBytes(300_000, 1);
        try (PendingFile pending = storage.create("maps/a/part-0.parquet")) {
            pending.out().write(contents, 0, 1000);
            pending.out().flush();
            assertInvisible("maps/a/part-0.parquet");
            pending.out().write(contents, 1000, contents.length - 1000);
            pending.out().close();
            assertInvisible("maps/a/part-0.parquet");
            pending.commit();
        }
        assertEquals(List.of(new StoredFile("maps/a/part-0.parquet", contents.length)), storage.list(""));
        assertEquals(contents.length, storage.size("maps/a/part-0.parquet"));
        assertArrayEquals(contents, readAll("maps/a/part-0.parquet"));
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (PendingFile pending = storage.create("maps/a/aborted")) {
            pending.out().write(randomBytes(10_000, 2));
        }
        assertInvisible("maps/a/aborted");
        assertEquals(List.of(), storage.list(""));
        publish("maps/a/aborted", "second try");
        assertEquals("second try", readString("maps/a/aborted"));
    }

    @Test
    void anEmptyFileCanBePublished() throws IOException {
        publish("empty", "");
        assertEquals(0, storage.size("empty"));
        assertArrayEquals(new byte[0], readAll("empty"));
    }

    @Test
    void aPublishedPathIsNeverOverwritten() throws IOException {
        publish("manifests/1.json", "first");
        SnapshotFileExistsException e = assertThrows(SnapshotFileExistsException.class,
                () -> publish("manifests/1.json", "second"));
        assertEquals("manifests/1.json", e.path());
        assertTrue(e.getMessage().contains("manifests/1.json"), e.getMessage());
        assertEquals("first", readString("manifests/1.json"));
    }

    @Test
    protected void ofTwoWritersRacingForOnePathTheFirstCommitWins() throws IOException {
        try (PendingFile first = storage.create("manifests/2.json");
             PendingFile second = storage.create("manifests/2.json")) {
            first.out().write("first".getBytes(StandardCharsets.UTF_8));
            second.out().write("second".getBytes(StandardCharsets.UTF_8));
            second.commit();
            assertThrows(SnapshotFileExistsException.class, first::commit);
        }
        assertEquals("second", readString("manifests/2.json"));
        assertEquals(List.of(new StoredFile("manifests/2.json", 6)), storage.list(""));
    }

    @Test
    void aPendingFileCommitsOnce() throws IOException {
        PendingFile pending = storage.create("once");
        pending.commit();
        assertThrows(IllegalStateException.class, pending::commit);
        pending.close();
        assertEquals(0, storage.size("once"));
        PendingFile closed = storage.create("closed");
        closed.close();
        assertThrows(IllegalStateException.class, closed::commit);
    }

    @Test
    void listingMatchesTheExactStringPrefixInPathOrder() throws IOException {
        for (String path : List.of("a/b/c.parquet", "a/b.json", "a/bc/d", "ab/x", "a/b/e/f", "b", "a/c")) {
            publish(path, path);
        }
        assertEquals(List.of("a/b.json", "a/b/c.parquet", "a/b/e/f", "a/bc/d"), paths("a/b"));
        assertEquals(List.of("a/b/c.parquet", "a/b/e/f"), paths("a/b/"));
        assertEquals(List.of("a/b/c.parquet"), paths("a/b/c"));
        assertEquals(List.of("a/b.json", "a/b/c.parquet", "a/b/e/f", "a/bc/d", "a/c", "ab/x"), paths("a"));
        assertEquals(List.of("a/b.json", "a/b/c.parquet", "a/b/e/f", "a/bc/d", "a/c", "ab/x", "b"), paths(""));
        assertEquals(List.of(), paths("a/z"));
        assertEquals(List.of(), paths("nothing/here/"));
        assertEquals(List.of(), paths("b/"));
        assertEquals(7, storage.list("").stream().filter(file -> file.size() == file.path().length()).count());
    }

    @Test
    void pendingFilesAreNotListed() throws IOException {
        publish("dir/done", "x");
        try (PendingFile pending = storage.create("dir/pending")) {
            pending.out().write(1);
            pending.out().flush();
            assertEquals(List.of("dir/done"), paths(""));
            assertEquals(List.of("dir/done"), paths("dir/"));
        }
    }

    @Test
    void readsSeeTheWholeFileAndSeekAnywhere() throws IOException {
        byte[] contents = randomBytes(2_000_000, 3);
        publish("big", contents);
        try (SeekableByteChannel channel = storage.open("big")) {
            assertEquals(contents.length, channel.size());
            ByteBuffer tail = ByteBuffer.allocate(8);
            channel.position(contents.length - 8);
            readFully(channel, tail);
            assertArrayEquals(Arrays.copyOfRange(contents, contents.length - 8, contents.length), tail.array());
            ByteBuffer middle = ByteBuffer.allocate(100_000);
            channel.position(777_777);
            readFully(channel, middle);
            assertArrayEquals(Arrays.copyOfRange(contents, 777_777, 877_777), middle.array());
            channel.position(contents.length);
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
        }
        assertArrayEquals(contents, readAll("big"));
    }

    @Test
    void aMissingFileIsReportedByName() {
        SnapshotFileNotFoundException open = assertThrows(SnapshotFileNotFoundException.class,
                () -> storage.open("no/such/file"));
        assertEquals("no/such/file", open.path());
        assertTrue(open.getMessage().contains("no/such/file"), open.getMessage());
        assertThrows(SnapshotFileNotFoundException.class, () -> storage.size("no/such/file"));
    }

    @Test
    void deleteRemovesAFileAndIsIdempotent() throws IOException {
        publish("d/one", "1");
        publish("d/two", "2");
        storage.delete("d/one");
        assertInvisible("d/one");
        assertEquals(List.of("d/two"), paths("d/"));
        storage.delete("d/one");
        storage.delete("never/existed");
        publish("d/one", "again");
        assertEquals("again", readString("d/one"));
    }

    @Test
    void concurrentPublishersOfDifferentFilesAllLand() throws Exception {
        int writers = 8;
        int filesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int w = writer;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int file = 0; file < filesEach; file++) {
                        // Half share one directory, so directory creation and fsync race too.
                        String dir = file % 2 == 0 ? "shared" : "writer-" + w;
                        publish(dir + "/w" + w + "-f" + file, randomBytes(5_000 + file, w * 1000 + file));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * filesEach, storage.list("").size());
        for (int w = 0; w < writers; w++) {
            for (int file = 0; file < filesEach; file++) {
                String dir = file % 2 == 0 ? "shared" : "writer-" + w;
                assertArrayEquals(randomBytes(5_000 + file, w * 1000 + file), readAll(dir + "/w" + w + "-f" + file));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/", "../x", "a/../b", "./a", ".hidden", "a/.tmp", "a b", "a\\b",
            "a/b?", "ä"})
    void invalidPathsAreRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> storage.create(path));
        assertThrows(IllegalArgumentException.class, () -> storage.open(path));
        assertThrows(IllegalArgumentException.class, () -> storage.size(path));
        assertThrows(IllegalArgumentException.class, () -> storage.delete(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "a//", ".", "a/.", "../"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> storage.list(prefix));
    }

    protected void publish(String path, String contents) throws IOException {
        publish(path, contents.getBytes(StandardCharsets.UTF_8));
    }

    protected void publish(String path, byte[] contents) throws IOException {
        try (PendingFile pending = storage.create(path)) {
            pending.out().write(contents);
            pending.commit();
        }
    }

    protected byte[] readAll(String path) throws IOException {
        try (SeekableByteChannel channel = storage.open(path)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                bytes.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return bytes.toByteArray();
        }
    }

    private String readString(String path) throws IOException {
        return new String(readAll(path), StandardCharsets.UTF_8);
    }

    private List<String> paths(String prefix) throws IOException {
        return storage.list(prefix).stream().map(StoredFile::path).toList();
    }

    private void assertInvisible(String path) throws IOException {
        assertThrows(SnapshotFileNotFoundException.class, () -> storage.open(path));
        assertThrows(SnapshotFileNotFoundException.class, () -> storage.size(path));
        assertTrue(storage.list("").stream().noneMatch(file -> file.path().equals(path)), path + " is listed");
    }

    private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
