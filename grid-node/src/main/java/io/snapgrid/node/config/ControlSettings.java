package io.snapgrid.node.config;

import java.time.Duration;

/**
 * The control service: how often leadership is re-checked (its lease is three checks long), and each duty's
 * interval and limits.
 */
public record ControlSettings(
        Duration checkInterval,
        Duration jobSupervisionInterval,
        Duration nodeHealthInterval,
        Duration heartbeatWarningAfter,
        Duration heartbeatAlertAfter,
        Duration snapshotCoordinationInterval) {

    public Duration lease() {
        return checkInterval.multipliedBy(3);
    }
}
