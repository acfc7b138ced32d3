package io.snapgrid.snapshot;

import java.nio.file.Path;

/**
 * A commit log record is damaged where it cannot be a torn tail (a crash mid-write): acknowledged rows may be
 * affected, so the log refuses to guess. Names the segment file and the record's offset in it.
 */
public class CommitLogCorruptException extends CommitLogException {

    private final long offset;

    public CommitLogCorruptException(Path segment, long offset, String message) {
        super(segment, "corrupt record at offset " + offset + ": " + message, null);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
