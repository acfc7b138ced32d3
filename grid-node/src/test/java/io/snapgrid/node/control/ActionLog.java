package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.PackagedCluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The audit of accepted actions ({@link ControlMaps#ACTIONS}) as the majority records it, and the proof read from
 * it that no two leaders ever acted at once.
 */
public final class ActionLog {

    private static final Comparator<ActionRecord> BY_START =
            Comparator.comparingLong(ActionRecord::startedMillis).thenComparingLong(ActionRecord::epoch);

    private ActionLog() {
    }

    /** Every accepted action, oldest first, read through the members of {@code slots} only. */
    public static List<ActionRecord> read(PackagedCluster cluster, Collection<Integer> slots) {
        HazelcastInstance client = cluster.client(slots);
        try {
            return client.<String, ActionRecord>getMap(ControlMaps.ACTIONS).values().stream().sorted(BY_START).toList();
        } finally {
            client.shutdown();
        }
    }

    /**
     * Ordered by start, epochs never go down, and no action of one epoch overlaps one of another. Timestamps are
     * whole milliseconds, so an action may start in the millisecond its predecessor of an older epoch finished.
     */
    public static void assertOneLeaderAtATime(List<ActionRecord> actions) {
        List<ActionRecord> byStart = actions.stream().sorted(BY_START).toList();
        for (int i = 1; i < byStart.size(); i++) {
            if (byStart.get(i).epoch() < byStart.get(i - 1).epoch()) {
                throw new AssertionError("epoch went down: " + byStart.get(i - 1) + " then " + byStart.get(i));
            }
        }
        for (ActionRecord a : byStart) {
            for (ActionRecord b : byStart) {
                if (a.epoch() < b.epoch() && b.startedMillis() < a.finishedMillis()) {
                    throw new AssertionError("two epochs acted at once: " + a + " overlaps " + b);
                }
            }
        }
    }
}
