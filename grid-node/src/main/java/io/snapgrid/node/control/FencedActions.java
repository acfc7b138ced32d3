package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;

import java.io.Serializable;

/**
 * The only way a duty changes anything: the action carries the leader's epoch, is refused locally once the lease
 * lapsed, and is refused on the leadership record's owner once a newer epoch exists.
 */
public final class FencedActions {

    private final HazelcastInstance member;
    private final ControlLeadership leadership;
    private final ControlMetrics metrics;

    public FencedActions(HazelcastInstance member, ControlLeadership leadership, ControlMetrics metrics) {
        this.member = member;
        this.leadership = leadership;
        this.metrics = metrics;
    }

    public <R extends Serializable> R perform(long epoch, DutyAction<R> action) {
        if (leadership.validEpoch().orElse(-1) != epoch) {
            metrics.refusedAction();
            throw new StaleEpochException("not leading under epoch " + epoch + " with a live lease; refused " + action.describe());
        }
        FencedActionProcessor.Outcome<R> outcome = member.<String, Leadership>getMap(ControlMaps.LEADERSHIP)
                .executeOnKey(ControlMaps.LEADER_KEY,
                        new FencedActionProcessor<>(epoch, member.getCluster().getLocalMember().getUuid(), action));
        if (!outcome.accepted()) {
            metrics.refusedAction();
            throw new StaleEpochException("epoch " + epoch + " is superseded by " + outcome.currentEpoch()
                    + "; refused " + action.describe());
        }
        return outcome.result();
    }
}
