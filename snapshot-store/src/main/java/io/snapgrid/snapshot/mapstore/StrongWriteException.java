package io.snapgrid.snapshot.mapstore;

/**
 * A write to a {@code strong} map that could not be made durable, so it was not acknowledged and the map is
 * unchanged: the commit log cannot write (disk full, permission denied) or is overloaded.
 */
public final class StrongWriteException extends RuntimeException {

    public StrongWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
