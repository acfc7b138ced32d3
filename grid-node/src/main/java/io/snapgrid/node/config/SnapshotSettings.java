package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.snapgrid.snapshot.s3.S3Location;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The snapshot store: where snapshots live (files under the root every member shares, or an S3 bucket), the members'
 * commit logs (strong maps; shared like the root on a filesystem, each member's own with S3), restore, how much
 * history the leader's retention keeps, and how many unflushed changes of one weak map one member holds before
 * refusing its writes.
 */
@ConfigurationProperties("snapshots")
public record SnapshotSettings(Store store, Path root, S3 s3, Retention retention, History history,
                               CommitLog commitLog, Restore restore, int weakBacklogLimit) {

    /** Which backend holds the snapshot files (docs/s3.md for s3). */
    public enum Store {
        FILESYSTEM, S3
    }

    /**
     * Where snapshots go with {@code store: s3}. Credentials are deliberately absent: the AWS SDK's default chain
     * supplies them. Empty strings stand for "not set", since the shipped file must name every key.
     */
    @ConfigurationProperties("s3")
    public record S3(String endpoint, String bucket, String prefix, String region, boolean pathStyleAccess,
                     boolean uploadChecksums) {

        /** Only for settings that passed {@code SettingsFactory}'s checks, which name the key at fault. */
        public S3Location location() {
            return new S3Location(endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)), region,
                    bucket, prefix, pathStyleAccess, uploadChecksums);
        }
    }

    /** The newest keep-full full snapshots per map and every full younger than max-age (0: none) are kept. */
    @ConfigurationProperties("retention")
    public record Retention(int keepFull, Duration maxAge) {
    }

    /**
     * History (docs/architecture.md, history): every change younger than retain stays readable, as the deltas that hold it, apart
     * from what restore keeps (0: history reaches back as far as restore's snapshots). SQL over history is answered
     * with at most sql-max-rows rows and cancelled after sql-timeout.
     */
    @ConfigurationProperties("history")
    public record History(Duration retain, int sqlMaxRows, Duration sqlTimeout) {
    }

    @ConfigurationProperties("commit-log")
    public record CommitLog(Path root, Duration rollInterval) {
    }

    /** Whether restore may fall back to an older valid snapshot when the latest chain is damaged. */
    @ConfigurationProperties("restore")
    public record Restore(boolean allowFallback) {
    }
}
