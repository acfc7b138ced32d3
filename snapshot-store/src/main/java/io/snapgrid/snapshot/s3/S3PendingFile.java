package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.PendingFile;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file spooled to a local temporary file until it is committed: S3 has no appendable, invisible object, and the
 * spool lets a failed upload be retried from the start and tells the size up front (single put or multipart).
 */
final class S3PendingFile implements PendingFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final S3SnapshotStorage storage;
    private final String path;
    private final Path spool;
    private final OutputStream buffered;
    private final OutputStream out;
    private boolean done;

    S3PendingFile(S3SnapshotStorage storage, String path, Path spool) throws IOException {
        this.storage = storage;
        this.path = path;
        this.spool = spool;
        this.buffered = new BufferedOutputStream(Files.newOutputStream(spool), BUFFER_BYTES);
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

    @Override
    public String path() {
        return path;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("pending file " + path + " was already committed or closed");
        }
        done = true;
        try {
            buffered.close();
            storage.publish(path, spool);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            try {
                buffered.close();
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }
}
