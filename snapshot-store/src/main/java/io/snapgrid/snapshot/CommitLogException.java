package io.snapgrid.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** The commit log cannot take or give back rows; {@link #path()} names the segment file or log directory. */
public class CommitLogException extends IOException {

    private final Path path;

    public CommitLogException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
