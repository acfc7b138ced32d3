package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.PendingFile;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What every backend's pending file shares: a buffered stream that writers may close, and the rule that a pending
 * file is decided once, by {@link #commit()} or by {@link #close()}. Backends say how to publish and to discard.
 */
public abstract class BufferedPendingFile implements PendingFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final String path;
    private final BufferedOutputStream buffered;
    private final OutputStream out;
    private boolean decided;

    protected BufferedPendingFile(String path, OutputStream target) {
        this.path = path;
        this.buffered = new BufferedOutputStream(target, BUFFER_BYTES);
        // Writers such as Parquet close their stream when they finish; the file's fate is decided by commit or close.
        this.out = new FilterOutputStream(buffered) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                buffered.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                buffered.flush();
            }
        };
    }

    /** Makes the written bytes durable and visible under {@link #path()}, or throws having discarded them. */
    protected abstract void publish() throws IOException;

    /** Drops the written bytes: what {@link #close()} does to a file that was not committed. */
    protected abstract void discard() throws IOException;

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final OutputStream out() {
        return out;
    }

    @Override
    public final void commit() throws IOException {
        if (decided) {
            throw new IllegalStateException("pending file " + path + " was already committed or closed");
        }
        decided = true;
        publish();
    }

    @Override
    public final void close() throws IOException {
        if (!decided) {
            decided = true;
            discard();
        }
    }

    protected final void flushBuffer() throws IOException {
        buffered.flush();
    }

    /** Flushes the buffer and closes the stream it writes to. */
    protected final void closeBuffer() throws IOException {
        buffered.close();
    }
}
