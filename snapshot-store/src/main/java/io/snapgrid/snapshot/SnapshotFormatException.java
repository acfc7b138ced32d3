package io.snapgrid.snapshot;

import java.io.IOException;

/** A snapshot file's contents do not follow the format (an unreadable manifest or Parquet file); names the path. */
public class SnapshotFormatException extends IOException {

    private final String path;

    public SnapshotFormatException(String path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
