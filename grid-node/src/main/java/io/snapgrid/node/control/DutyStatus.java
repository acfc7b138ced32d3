package io.snapgrid.node.control;

import java.io.Serializable;

/** The last round of one duty, as the leader that ran it recorded it. */
public record DutyStatus(String duty, long epoch, long runs, long lastStartMillis, long lastEndMillis, boolean ok,
                         String summary, long nextRunMillis) implements Serializable {
}
