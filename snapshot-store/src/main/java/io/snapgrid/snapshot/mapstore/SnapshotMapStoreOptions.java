package io.snapgrid.snapshot.mapstore;

import io.snapgrid.snapshot.CommitLogOptions;
import io.snapgrid.snapshot.RestoreOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * @param logRoot          where members keep their commit logs, one directory each: on the shared volume, so that
 *                         any member can roll the log of one that died
 * @param logRollInterval  how often a member rolls its commit log into deltas and truncates it
 * @param weakBacklogLimit unflushed changes of one weak map on one member beyond which writes are refused
 *                         ({@link WeakBacklogFullException})
 */
public record SnapshotMapStoreOptions(Path logRoot, Duration logRollInterval, int weakBacklogLimit,
                                      RestoreOptions restore, CommitLogOptions log) {

    public SnapshotMapStoreOptions {
        Objects.requireNonNull(logRoot, "logRoot");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(log, "log");
        if (logRollInterval.isNegative() || logRollInterval.isZero() || weakBacklogLimit < 1) {
            throw new IllegalArgumentException("the roll interval and backlog limit must be positive, got "
                    + logRollInterval + " and " + weakBacklogLimit);
        }
    }
}
