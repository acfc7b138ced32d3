package io.snapgrid.node.control;

/** One of the leader's duties: a round of work whose every side effect is fenced. */
@FunctionalInterface
public interface ControlDuty {

    /** One round of work; returns a one-line summary for the status report, or throws to report a failure. */
    String run(DutyRound round) throws Exception;
}
