package io.snapgrid.snapshot.history;

import java.time.Instant;

/** A history question about a time before the oldest state the snapshot files still hold. */
public final class HistoryNotRetainedException extends RuntimeException {

    private final String map;
    private final Instant requested;
    private final Instant oldestRetained;

    public HistoryNotRetainedException(String map, Instant requested, Instant oldestRetained) {
        super("the history of map " + map + " is retained from " + oldestRetained + ", not from " + requested
                + " (snapshots.history.retain)");
        this.map = map;
        this.requested = requested;
        this.oldestRetained = oldestRetained;
    }

    public String map() {
        return map;
    }

    public Instant requested() {
        return requested;
    }

    public Instant oldestRetained() {
        return oldestRetained;
    }
}
