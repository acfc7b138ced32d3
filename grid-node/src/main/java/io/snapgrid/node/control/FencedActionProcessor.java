package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.Offloadable;
import com.hazelcast.map.EntryProcessor;

import java.io.Serializable;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a {@link DutyAction} on the owner of the leadership record, holding that record's lock: a new leader's
 * claim cannot slip in while the action runs, and an action carrying an older epoch is refused. Offloaded, so
 * the action may call other maps and Jet from outside the partition thread.
 */
final class FencedActionProcessor<R extends Serializable>
        implements EntryProcessor<String, Leadership, FencedActionProcessor.Outcome<R>>, Offloadable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final UUID leader;
    private final DutyAction<R> action;
    private transient HazelcastInstance member;

    FencedActionProcessor(long epoch, UUID leader, DutyAction<R> action) {
        this.epoch = epoch;
        this.leader = leader;
        this.action = action;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public String getExecutorName() {
        return Offloadable.OFFLOADABLE_EXECUTOR;
    }

    @Override
    public Outcome<R> process(Map.Entry<String, Leadership> entry) {
        Leadership current = entry.getValue();
        if (current == null || current.epoch() != epoch || !current.member().equals(leader)) {
            return new Outcome<>(false, current == null ? 0 : current.epoch(), null);
        }
        long started = System.currentTimeMillis();
        R result = action.apply(member);
        member.getMap(ControlMaps.ACTIONS).set(UUID.randomUUID().toString(),
                new ActionRecord(epoch, leader, action.describe(), started, System.currentTimeMillis()));
        return new Outcome<>(true, epoch, result);
    }

    /** Read-only towards the record itself: the action never changes who leads. */
    @Override
    public EntryProcessor<String, Leadership, Outcome<R>> getBackupProcessor() {
        return null;
    }

    record Outcome<R>(boolean accepted, long currentEpoch, R result) implements Serializable {
    }
}
