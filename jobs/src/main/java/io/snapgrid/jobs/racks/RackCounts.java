package io.snapgrid.jobs.racks;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** Transitions of one rack over one window, in total and by the state entered. */
final class RackCounts implements Serializable {

    private long transitions;
    private final TreeMap<String, Long> intoState = new TreeMap<>();

    void add(StateTransition transition) {
        transitions++;
        intoState.merge(transition.toState(), 1L, Long::sum);
    }

    void merge(RackCounts other) {
        transitions += other.transitions;
        other.intoState.forEach((state, count) -> intoState.merge(state, count, Long::sum));
    }

    RackCounts copy() {
        RackCounts copy = new RackCounts();
        copy.merge(this);
        return copy;
    }

    long transitions() {
        return transitions;
    }

    Map<String, Long> intoState() {
        return intoState;
    }
}
