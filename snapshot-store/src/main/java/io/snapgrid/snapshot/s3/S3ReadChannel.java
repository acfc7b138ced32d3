package io.snapgrid.snapshot.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Random access to one object through ranged GETs. Each GET fetches at least the read-ahead, because Parquet reads
 * a footer and then column chunks in many small reads that would otherwise each cost a request.
 */
final class S3ReadChannel implements SeekableByteChannel {

    /** Fetches {@code length} bytes starting at {@code first}; all of them, or fails. */
    @FunctionalInterface
    interface Ranges {
        byte[] fetch(long first, int length) throws IOException;
    }

    private final Ranges ranges;
    private final long size;
    private final int readAheadBytes;
    private byte[] window = new byte[0];
    private long windowStart;
    private long position;
    private boolean open = true;

    S3ReadChannel(Ranges ranges, long size, int readAheadBytes) {
        this.ranges = ranges;
        this.size = size;
        this.readAheadBytes = readAheadBytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position < windowStart || position >= windowStart + window.length) {
            int length = (int) Math.min(Math.max(readAheadBytes, dst.remaining()), size - position);
            window = ranges.fetch(position, length);
            windowStart = position;
        }
        int offset = (int) (position - windowStart);
        int count = Math.min(dst.remaining(), window.length - offset);
        dst.put(window, offset, count);
        position += count;
        return count;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        window = null;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
