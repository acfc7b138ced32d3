package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** The streaming jobs' section of snapgrid.yaml, before it becomes the jobs module's JobSettings. */
@ConfigurationProperties("jobs")
public record JobsSettings(Duration allowedLag, Duration snapshotInterval, Duration idleTimeout,
                           NodeHealth nodeHealth, RackStates rackStates) {

    @ConfigurationProperties("node-health")
    public record NodeHealth(Duration window, Duration slide, Duration forgetNodesAfter, boolean keepHistory) {
    }

    @ConfigurationProperties("rack-states")
    public record RackStates(Duration window) {
    }
}
