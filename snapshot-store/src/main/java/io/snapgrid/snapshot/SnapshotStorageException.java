package io.snapgrid.snapshot;

import java.io.IOException;

/** A storage operation failed; {@link #path()} names the file or prefix it was about. */
public class SnapshotStorageException extends IOException {

    private final String path;

    public SnapshotStorageException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    public SnapshotStorageException(String path, String message) {
        this(path, message, null);
    }

    public String path() {
        return path;
    }
}
