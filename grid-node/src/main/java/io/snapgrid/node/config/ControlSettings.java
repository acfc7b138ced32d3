package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** The control service: how often leadership is re-checked, and each duty's interval and limits. */
@ConfigurationProperties("control")
public record ControlSettings(Duration checkInterval, JobSupervision jobSupervision, NodeHealth nodeHealth,
                              SnapshotCoordination snapshotCoordination) {

    /** Three checks long. */
    public Duration lease() {
        return checkInterval.multipliedBy(3);
    }

    @ConfigurationProperties("job-supervision")
    public record JobSupervision(Duration interval) {
    }

    @ConfigurationProperties("node-health")
    public record NodeHealth(Duration interval, Duration warningAfter, Duration alertAfter) {
    }

    @ConfigurationProperties("snapshot-coordination")
    public record SnapshotCoordination(Duration interval) {
    }
}
