package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The leader's duty that runs admin operations on the snapshot store ({@link SnapshotOperations}): every one not
 * finished yet, oldest first, each as a fenced {@link WriteFullSnapshot}. One still RUNNING when a round starts is
 * an attempt that never finished, since rounds of a duty never overlap and an older leader's action holds the
 * leadership record until it ends, so it is attempted again.
 */
final class SnapshotOperationQueue implements ControlDuty {

    static final String NAME = "snapshot-operations";

    private final HazelcastInstance member;

    SnapshotOperationQueue(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public String run(DutyRound round) {
        List<SnapshotOperation> waiting = member.<String, SnapshotOperation>getMap(ControlMaps.OPERATIONS).values()
                .stream().filter(operation -> !operation.finished())
                .sorted(Comparator.comparing(SnapshotOperation::createdAt).thenComparing(SnapshotOperation::id))
                .toList();
        if (waiting.isEmpty()) {
            return "no operations waiting";
        }
        List<String> outcomes = new ArrayList<>();
        boolean failed = false;
        for (SnapshotOperation operation : waiting) {
            String name = "operation " + operation.id() + " (" + operation.kind() + " of " + operation.map() + "): ";
            try {
                SnapshotOperation after = round.perform(new WriteFullSnapshot(operation.id(), operation.map(),
                        round.epoch()));
                outcomes.add(name + (after == null ? "expired" : after.state() + ", "
                        + (after.error() != null ? after.error() : after.summary())));
            } catch (StaleEpochException e) {
                throw e;
            } catch (RuntimeException e) {
                // Left as it is, to be attempted again next round.
                outcomes.add(name + "attempt failed: " + e);
                failed = true;
            }
        }
        String summary = String.join("; ", outcomes);
        if (failed) {
            throw new IllegalStateException(summary);
        }
        return summary;
    }
}
