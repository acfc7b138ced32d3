package io.snapgrid.node.control;

import java.time.Duration;

/** A duty with the name its status is reported under and the interval the leader runs it at. */
public record ScheduledDuty(String name, Duration interval, ControlDuty work) {
}
