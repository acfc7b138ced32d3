package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.impl.BufferedPendingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file spooled to a local temporary file until it is committed: S3 has no appendable, invisible object, and the
 * spool lets a failed upload be retried from the start and tells the size up front (single put or multipart).
 */
final class S3PendingFile extends BufferedPendingFile {

    private final S3SnapshotStorage storage;
    private final Path spool;

    S3PendingFile(S3SnapshotStorage storage, String path, Path spool) throws IOException {
        super(path, Files.newOutputStream(spool));
        this.storage = storage;
        this.spool = spool;
    }

    @Override
    protected void publish() throws IOException {
        try {
            closeBuffer();
            storage.publish(path(), spool);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    protected void discard() throws IOException {
        try {
            closeBuffer();
        } finally {
            Files.deleteIfExists(spool);
        }
    }
}
