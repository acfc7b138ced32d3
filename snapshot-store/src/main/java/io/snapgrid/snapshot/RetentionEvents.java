package io.snapgrid.snapshot;

import java.time.Duration;

/** Learns of each retention run, so that the node can count them; the store counts nothing. */
@FunctionalInterface
public interface RetentionEvents {

    RetentionEvents NONE = (result, took) -> { };

    /**
     * @param result what the run removed (possibly nothing)
     * @param took   from listing the map's snapshots to the last removal
     */
    void retained(RetentionResult result, Duration took);
}
