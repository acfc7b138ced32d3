package io.snapgrid.snapshot.impl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The segment the commit log appends to. Tracks the end of what was acknowledged, so a failed write can be cut
 * back to it and the log go on in a new segment. Used by the log's one writer thread.
 */
public final class ActiveSegment implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final Set<String> mapsWithSchema = new HashSet<>();
    private long acknowledged;

    private ActiveSegment(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.acknowledged = channel.size();
    }

    /** Creates a new, empty segment. */
    public static ActiveSegment create(Path directory, long sequence) throws IOException {
        Path path = LogSegments.path(directory, sequence);
        LogSegments.create(path);
        return new ActiveSegment(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    public Path path() {
        return path;
    }

    public long sequence() {
        return LogSegments.sequence(path);
    }

    public boolean hasRecords() {
        return acknowledged > LogSegments.MAGIC.length;
    }

    public long size() {
        return acknowledged;
    }

    /** True the first time a map is written to this segment: its schema record must go first. */
    public boolean firstUseOf(String map) {
        return mapsWithSchema.add(map);
    }

    public void write(List<ByteBuffer> frames) throws IOException {
        ByteBuffer[] buffers = frames.toArray(ByteBuffer[]::new);
        long remaining = frames.stream().mapToLong(ByteBuffer::remaining).sum();
        while (remaining > 0) {
            remaining -= channel.write(buffers);
        }
    }

    public void force() throws IOException {
        channel.force(false);
    }

    /** Everything written so far is acknowledged (after {@link #force()}, unless fsync is off). */
    public void acknowledge() throws IOException {
        acknowledged = channel.position();
    }

    /** Cuts what a failed write left after the acknowledged records, durably. */
    public void cutToAcknowledged() throws IOException {
        if (channel.size() != acknowledged) {
            channel.truncate(acknowledged);
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
