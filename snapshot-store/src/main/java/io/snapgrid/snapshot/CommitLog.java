package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.ActiveSegment;
import io.snapgrid.snapshot.impl.Fsync;
import io.snapgrid.snapshot.impl.LogFrames;
import io.snapgrid.snapshot.impl.LogSegments;
import io.snapgrid.snapshot.impl.SegmentReader;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A member's fsync'd group-commit log of snapshot rows, for maps of the {@code strong} durability class: an
 * append is acknowledged only once its bytes are fsync'd, and {@link #roll} later moves sealed segments into
 * Parquet deltas. One writer thread takes everything queued, writes it and calls {@code force} once, so concurrent
 * writers share an fsync. A plain local directory, not {@link SnapshotStorage}, because it needs append and fsync.
 *
 * <p>Maps are registered with their Avro schema when the log is opened; each segment records the schema of every
 * map it holds, so segments read back without outside help, values resolved to the registered schema.
 *
 * <p>If a write or fsync fails, the appends in that group commit fail naming the segment, and so does every later
 * one until the log can cut the failed segment back to its acknowledged records and start a new segment: an
 * acknowledged append is never lost, and no half-written record is left before later ones. Thread-safe.
 */
public final class CommitLog implements Closeable {

    private final Path directory;
    private final CommitLogOptions options;
    /** Grows as maps register; a segment read back resolves the values of registered maps to these schemas. */
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, GenericDatumWriter<GenericRecord>> valueWriters = new ConcurrentHashMap<>();
    private final BlockingQueue<Append> queue;
    private final Thread writer;
    private final Object segmentLock = new Object();
    private final Object maintenanceLock = new Object();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private volatile GroupCommitListener commitListener = GroupCommitListener.NONE;
    private volatile boolean closed;
    /** Guarded by segmentLock; null while the log is failed and has no segment to append to. */
    private ActiveSegment active;
    private long nextSequence;
    /** Guarded by segmentLock; why the log is failed, or null when it is healthy. */
    private CommitLogException failure;

    /** Appends waiting for the writer; the queue ends with {@link #CLOSE}. */
    private record Append(String map, List<byte[]> frames, CompletableFuture<Void> acknowledged) {
    }

    private static final Append CLOSE = new Append(null, List.of(), null);

    private CommitLog(Path directory, Map<String, Schema> schemas, CommitLogOptions options, long nextSequence)
            throws IOException {
        this.directory = directory;
        this.options = options;
        schemas.forEach(this::register);
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.nextSequence = nextSequence;
        startSegment();
        this.writer = new Thread(this::writeQueued, "commit-log " + directory.getFileName());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens the log in its directory (created if missing), cutting a torn tail off the newest segment, and starts a
     * new segment for appends.
     *
     * @param schemas the value schema of every map that will be appended to
     * @throws CommitLogCorruptException if the newest segment is damaged other than by a torn tail
     */
    public static CommitLog open(Path directory, Map<String, Schema> schemas, CommitLogOptions options)
            throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        List<Path> segments;
        try {
            Files.createDirectories(dir);
            segments = LogSegments.list(dir);
        } catch (IOException e) {
            throw new CommitLogException(dir, "cannot open the commit log directory: " + e, e);
        }
        if (segments.isEmpty()) {
            return new CommitLog(dir, schemas, options, 1);
        }
        Path newest = segments.get(segments.size() - 1);
        long end = new SegmentReader(newest, true, schemas).read((map, schema, row) -> { });
        if (end < Files.size(newest)) {
            try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                channel.force(false);
            }
        }
        return new CommitLog(dir, schemas, options, LogSegments.sequence(newest) + 1);
    }

    public static CommitLog open(Path directory, Map<String, Schema> schemas) throws IOException {
        return open(directory, schemas, CommitLogOptions.defaults());
    }

    /**
     * Lets rows of a map be appended from now on; maps of a storage class's name pattern appear while the log is
     * open. Registering a map again with the same schema changes nothing.
     *
     * @throws IllegalArgumentException if the map is registered with another schema
     */
    public void register(String map, Schema schema) {
        Schema registered = schemas.putIfAbsent(map, schema);
        if (registered != null && !registered.equals(schema)) {
            throw new IllegalArgumentException("map " + map + " is registered with the commit log in " + directory
                    + " with schema " + registered.getFullName() + ", not " + schema.getFullName());
        }
        valueWriters.computeIfAbsent(map, name -> new GenericDatumWriter<>(schema));
    }

    /** Appends one row; see {@link #append(String, List)}. */
    public CompletableFuture<Void> append(String map, SnapshotRow row) {
        return append(map, List.of(row));
    }

    /**
     * Appends rows of one map, all in the same group commit.
     *
     * @return completes once the rows are fsync'd; fails with {@link CommitLogFullException} at once when the queue
     * is full, or with a {@link CommitLogException} naming the file when the log cannot write
     * @throws IllegalArgumentException if the map is not registered or a value has another schema
     */
    public CompletableFuture<Void> append(String map, List<SnapshotRow> rows) {
        GenericDatumWriter<GenericRecord> valueWriter = valueWriters.get(map);
        if (valueWriter == null) {
            throw new IllegalArgumentException("map " + map + " is not registered with the commit log in "
                    + directory + "; registered: " + schemas.keySet());
        }
        List<byte[]> frames = new ArrayList<>(rows.size());
        for (SnapshotRow row : rows) {
            Schema schema = row.value() == null ? null : row.value().getSchema();
            // Equality is a deep comparison; the registered instance itself is the common case.
            if (schema != null && schema != schemas.get(map) && !schema.equals(schemas.get(map))) {
                throw new IllegalArgumentException("row of key " + row.key() + " has schema "
                        + row.value().getSchema().getFullName() + ", not the registered schema of map " + map);
            }
            // Encoded here, on the caller's thread, so many writers encode in parallel and the writer only writes.
            frames.add(LogFrames.row(map, row, valueWriter));
        }
        Append append = new Append(map, frames, new CompletableFuture<>());
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        if (!queue.offer(append)) {
            return CompletableFuture.failedFuture(new CommitLogFullException(directory, options.queueCapacity()));
        }
        // close() may have queued CLOSE between the check and the offer; then the writer never takes this one.
        if (closed && queue.remove(append)) {
            append.acknowledged().completeExceptionally(closedException());
        }
        return append.acknowledged();
    }

    /**
     * Seals the segment being appended to (if it holds rows) and writes all sealed segments as one delta snapshot
     * per map, then deletes them. Deletion comes only after every delta is committed. If the process dies between,
     * the next roll writes those rows again in new deltas, which changes nothing on restore: rows merge per key by
     * revision, so a row read twice is a row read once. Not meant to run concurrently with {@link #replay}.
     *
     * @return the deltas committed, one per map with rows
     */
    public List<SnapshotManifest> roll(SnapshotWriter snapshots) throws IOException {
        synchronized (maintenanceLock) {
            long firstUnsealed = sealActive();
            List<Path> sealed = LogSegments.list(directory).stream()
                    .filter(segment -> LogSegments.sequence(segment) < firstUnsealed).toList();
            Map<String, PendingSnapshot> deltas = new LinkedHashMap<>();
            List<SnapshotManifest> manifests = new ArrayList<>();
            try {
                for (Path segment : sealed) {
                    new SegmentReader(segment, false, schemas).read((map, schema, row) ->
                            deltas.computeIfAbsent(map, name -> snapshots.beginDelta(name, schema)).add(row));
                }
                for (PendingSnapshot delta : deltas.values()) {
                    manifests.add(delta.commit());
                }
            } finally {
                for (PendingSnapshot delta : deltas.values()) {
                    delta.close();
                }
            }
            for (Path segment : sealed) {
                Files.delete(segment);
            }
            Fsync.directory(directory);
            return manifests;
        }
    }

    /**
     * Reads every row in the log, oldest segment first, in append order: the log tail a restore applies after the
     * snapshots. Rows appended meanwhile may or may not be read.
     *
     * @throws CommitLogCorruptException if a segment is damaged other than by a torn tail of the newest one
     */
    public void replay(Consumer<LoggedRow> sink) throws IOException {
        synchronized (maintenanceLock) {
            List<Path> segments = LogSegments.list(directory);
            for (int index = 0; index < segments.size(); index++) {
                new SegmentReader(segments.get(index), index == segments.size() - 1, schemas)
                        .read((map, schema, row) -> sink.accept(new LoggedRow(map, row)));
            }
        }
    }

    /**
     * The rows of one key still in this log, in append order: its acknowledged changes not yet rolled into a delta.
     * Holds off a roll while it reads, so a row it misses was in a committed delta before the read began; read the
     * snapshot files after this, never before, and no acknowledged change falls between the two. Decodes the whole
     * log, which is about one roll interval of strong writes.
     */
    public List<SnapshotRow> rowsOf(String map, String key) throws IOException {
        List<SnapshotRow> rows = new ArrayList<>();
        replay(logged -> {
            if (logged.map().equals(map) && logged.row().key().equals(key)) {
                rows.add(logged.row());
            }
        });
        return rows;
    }

    /**
     * Reads every row of a log directory without opening it, so a log another process appends to can be read: its
     * newest segment may end in a record still being written, which is left out. A segment deleted by a roll
     * meanwhile is skipped; its rows are in a delta by then.
     */
    public static void read(Path directory, Map<String, Schema> schemas, Consumer<LoggedRow> sink) throws IOException {
        List<Path> segments = LogSegments.peek(directory);
        for (int index = 0; index < segments.size(); index++) {
            try {
                new SegmentReader(segments.get(index), index == segments.size() - 1, schemas)
                        .read((map, schema, row) -> sink.accept(new LoggedRow(map, row)));
            } catch (NoSuchFileException e) {
                // rolled into a delta while we listed
            }
        }
    }

    /** Tells the listener of every group commit from now on, in place of the one before. */
    public void observeCommits(GroupCommitListener listener) {
        this.commitListener = listener;
    }

    public CommitLogStats stats() {
        return new CommitLogStats(appends.get(), writes.get(), fsyncs.get());
    }

    public Path directory() {
        return directory;
    }

    /** Acknowledges or fails everything queued, then stops the writer. Appends after this fail. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(CLOSE);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitLogException(directory, "interrupted while closing the commit log", e);
        }
        synchronized (segmentLock) {
            if (active != null) {
                active.close();
                active = null;
            }
        }
    }

    private void writeQueued() {
        List<Append> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer, so that no queued append is left without an answer.
                continue;
            }
            queue.drainTo(batch);
            boolean closing = batch.remove(CLOSE);
            commit(batch);
            batch.clear();
            if (closing) {
                return;
            }
        }
    }

    /** One group commit: write every queued append, fsync once, then acknowledge them all. */
    private void commit(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        CommitLogException failed = null;
        long fsyncNanos = 0;
        synchronized (segmentLock) {
            try {
                if (failure != null) {
                    startSegment();
                }
                List<ByteBuffer> frames = new ArrayList<>();
                for (Append append : batch) {
                    if (active.firstUseOf(append.map())) {
                        frames.add(ByteBuffer.wrap(LogFrames.schema(append.map(), schemas.get(append.map()))));
                    }
                    append.frames().forEach(frame -> frames.add(ByteBuffer.wrap(frame)));
                }
                active.write(frames);
                if (options.fsync()) {
                    long started = System.nanoTime();
                    active.force();
                    fsyncNanos = System.nanoTime() - started;
                    fsyncs.incrementAndGet();
                }
                active.acknowledge();
            } catch (IOException e) {
                failed = fail(e);
            }
        }
        if (failed != null) {
            for (Append append : batch) {
                append.acknowledged().completeExceptionally(failed);
            }
            return;
        }
        writes.incrementAndGet();
        appends.addAndGet(batch.size());
        commitListener.committed(batch.size(), fsyncNanos);
        for (Append append : batch) {
            append.acknowledged().complete(null);
        }
        synchronized (segmentLock) {
            // A roll may have switched segments, or failed to, since the lock was let go.
            if (active != null && active.size() >= options.segmentBytes()) {
                try {
                    startSegment();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }
    }

    /** @return the sequence of the segment now appended to: every segment before it is sealed */
    private long sealActive() throws IOException {
        synchronized (segmentLock) {
            if (active == null || active.hasRecords()) {
                try {
                    startSegment();
                } catch (IOException e) {
                    throw fail(e);
                }
            }
            return active.sequence();
        }
    }

    /**
     * Cuts the current segment back to its acknowledged records and continues in a new one. This is also how a
     * failed log recovers: what a failed write left behind is cut, so it never sits before later records.
     */
    private void startSegment() throws IOException {
        if (active != null) {
            active.cutToAcknowledged();
            active.close();
            active = null;
        }
        Path next = LogSegments.path(directory, nextSequence);
        try {
            active = ActiveSegment.create(directory, nextSequence);
        } catch (IOException e) {
            throw new CommitLogException(next, "cannot create commit log segment: " + e, e);
        }
        nextSequence++;
        failure = null;
    }

    /** Marks the log failed; the exception names the segment the write was meant for. */
    private CommitLogException fail(IOException cause) {
        Path path = active != null ? active.path() : LogSegments.path(directory, nextSequence);
        failure = cause instanceof CommitLogException logException ? logException
                : new CommitLogException(path, "cannot write the commit log: " + cause, cause);
        return failure;
    }

    private CommitLogException closedException() {
        return new CommitLogException(directory, "the commit log is closed", null);
    }
}
