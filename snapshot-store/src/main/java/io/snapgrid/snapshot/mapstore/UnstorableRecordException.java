package io.snapgrid.snapshot.mapstore;

/** An entry whose key or value cannot be written as a row of its map's schema. */
public final class UnstorableRecordException extends IllegalArgumentException {

    public UnstorableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
