package io.snapgrid.snapshot.mapstore;

/**
 * A write to a {@code weak} map refused because too many of its changes on this member wait to be written to the
 * snapshot store: the store is failing or not keeping up, and accepting more would only grow what a crash loses.
 */
public final class WeakBacklogFullException extends RuntimeException {

    public WeakBacklogFullException(String message) {
        super(message);
    }
}
