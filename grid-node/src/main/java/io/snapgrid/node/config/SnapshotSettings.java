package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The snapshot store: the root every member shares, the members' commit logs (strong maps; shared like the root),
 * restore, how much history the leader's retention keeps, and how many unflushed changes of one weak map one
 * member holds before refusing its writes.
 */
@ConfigurationProperties("snapshots")
public record SnapshotSettings(Path root, Retention retention, CommitLog commitLog, Restore restore,
                               int weakBacklogLimit) {

    /** The newest keep-full full snapshots per map and every full younger than max-age (0: none) are kept. */
    @ConfigurationProperties("retention")
    public record Retention(int keepFull, Duration maxAge) {
    }

    @ConfigurationProperties("commit-log")
    public record CommitLog(Path root, Duration rollInterval) {
    }

    /** Whether restore may fall back to an older valid snapshot when the latest chain is damaged. */
    @ConfigurationProperties("restore")
    public record Restore(boolean allowFallback) {
    }
}
