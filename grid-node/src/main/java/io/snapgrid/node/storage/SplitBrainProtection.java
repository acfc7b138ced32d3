package io.snapgrid.node.storage;

import java.util.Locale;

/** What a storage class does in a network partition (docs/durability.md, "Network partition"). */
public enum SplitBrainProtection {
    /**
     * Writes need a majority of {@code cluster.expected-size} members heard from recently; when the sides merge,
     * each key keeps its latest change.
     */
    MAJORITY,
    /** Hazelcast's behaviour: both sides accept writes, and on merge the larger side's value wins. */
    NONE;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
