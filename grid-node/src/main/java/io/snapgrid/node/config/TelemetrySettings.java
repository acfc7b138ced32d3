package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * POST /v1/telemetry: the most events one batch may hold, and how far ahead of the receiving member's clock an
 * event's time may be (a BMC with a wrong clock would otherwise push the jobs' watermarks into the future).
 */
@ConfigurationProperties("telemetry")
public record TelemetrySettings(int maxBatchEvents, Duration maxClockSkew) {
}
