package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The snapshot store: the root every member shares, the members' commit logs (strong maps; shared like the root),
 * restore, and how much history the leader's retention keeps. {@code weakBacklogLimit} is the number of unflushed
 * changes of one weak map on one member beyond which its writes are refused.
 */
@ConfigurationProperties("snapshots")
public record SnapshotSettings(Path root, Retention retention, CommitLog commitLog, Restore restore,
                               int weakBacklogLimit) {

    /** At least this many newest full snapshots are kept per map, each with its deltas. */
    public int keepFull() {
        return retention.keepFull();
    }

    /** Every full snapshot younger than this is kept too (0: by count alone). */
    public Duration maxAge() {
        return retention.maxAge();
    }

    public Path commitLogRoot() {
        return commitLog.root();
    }

    /** How often a member rolls its commit log into deltas. */
    public Duration logRollInterval() {
        return commitLog.rollInterval();
    }

    /** Whether restore may fall back to an older valid snapshot when the latest chain is damaged. */
    public boolean allowFallback() {
        return restore.allowFallback();
    }

    @ConfigurationProperties("retention")
    public record Retention(int keepFull, Duration maxAge) {
    }

    @ConfigurationProperties("commit-log")
    public record CommitLog(Path root, Duration rollInterval) {
    }

    @ConfigurationProperties("restore")
    public record Restore(boolean allowFallback) {
    }
}
