package io.snapgrid.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A file being written to {@link SnapshotStorage}. Write to {@link #out()}, then {@link #commit()} to publish it, or
 * {@link #close()} without committing to discard it. Not thread-safe.
 */
public interface PendingFile extends Closeable {

    /** The path the file is published under. */
    String path();

    /** Where the contents go; closing this stream neither commits nor discards the file. */
    OutputStream out();

    /**
     * Makes the file durable and visible under {@link #path()} in one step.
     *
     * @throws SnapshotFileExistsException if another file was published under the same path first; this file is
     *                                     then discarded
     * @throws IllegalStateException       if already committed or closed
     */
    void commit() throws IOException;

    /** Discards the file unless it was committed; after a commit it does nothing. */
    @Override
    void close() throws IOException;
}
