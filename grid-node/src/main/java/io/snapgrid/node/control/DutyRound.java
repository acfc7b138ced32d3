package io.snapgrid.node.control;

import java.io.Serializable;

/** What a duty's round may do: act, under the epoch it was started with. */
public record DutyRound(long epoch, FencedActions actions) {

    public <R extends Serializable> R perform(DutyAction<R> action) {
        return actions.perform(epoch, action);
    }
}
