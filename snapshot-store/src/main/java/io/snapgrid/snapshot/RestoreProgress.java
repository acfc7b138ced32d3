package io.snapgrid.snapshot;

/**
 * Learns how far a restore got: when a map starts, every {@link RestoreOptions#progressEveryRows} rows scanned, and
 * when a map is done (its done amount then equals its total). Called from the restoring thread only.
 */
@FunctionalInterface
public interface RestoreProgress {

    RestoreProgress NONE = status -> { };

    void update(RestoreStatus status);
}
