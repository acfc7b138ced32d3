package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The control service: how often leadership is re-checked (its lease is three checks long), and each duty's
 * interval and limits.
 */
@ConfigurationProperties("control")
public record ControlSettings(Duration checkInterval, JobSupervision jobSupervision, NodeHealth nodeHealth,
                              SnapshotCoordination snapshotCoordination) {

    public Duration lease() {
        return checkInterval.multipliedBy(3);
    }

    public Duration jobSupervisionInterval() {
        return jobSupervision.interval();
    }

    public Duration nodeHealthInterval() {
        return nodeHealth.interval();
    }

    public Duration heartbeatWarningAfter() {
        return nodeHealth.warningAfter();
    }

    public Duration heartbeatAlertAfter() {
        return nodeHealth.alertAfter();
    }

    public Duration snapshotCoordinationInterval() {
        return snapshotCoordination.interval();
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
