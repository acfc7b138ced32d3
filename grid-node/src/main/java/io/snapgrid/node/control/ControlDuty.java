package io.snapgrid.node.control;

import java.time.Duration;

/** One of the leader's duties: a small unit with its own interval, whose every side effect is fenced. */
public interface ControlDuty {

    String name();

    Duration interval();

    /** One round of work; returns a one-line summary for the status report, or throws to report a failure. */
    String run(DutyRound round) throws Exception;
}
