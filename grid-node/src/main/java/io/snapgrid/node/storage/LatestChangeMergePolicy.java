package io.snapgrid.node.storage;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.MapMergeTypes;

/**
 * Merges the smaller side of a healed partition into the larger by latest change, for storage classes with
 * {@code split-brain-protection: majority}.
 * <p>
 * A key both sides hold keeps the value updated last. The store's revisions are stamped with the same clock
 * (cluster time in milliseconds, docs/architecture.md §5), and under the write protection the two sides cannot
 * both change a key within half a failure-detector timeout of each other: the minority stops writing half a timeout
 * after the cut, the majority takes over the minority's partitions a full timeout after it. So the later update
 * is also the one with the highest revision in the store.
 * <p>
 * A key only the smaller side holds was either deleted by the larger side or created by the smaller side while
 * split. The larger side keeps no trace of a delete, so the entry's age decides: one updated before the split
 * ({@link SplitWatch}) is a copy of what the larger side had and then deleted, and stays deleted; one updated
 * since is kept. Hazelcast then stores what the merge changed, through the map's own store, with a new revision.
 * <p>
 * Hazelcast runs the policy on the member that owns the key in the merged cluster, after deserializing it there,
 * which is how it finds that member's {@link SplitWatch}.
 */
public final class LatestChangeMergePolicy
        implements SplitBrainMergePolicy<Object, MapMergeTypes<Object, Object>, Object>, HazelcastInstanceAware {

    private transient volatile SplitWatch watch;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        watch = (SplitWatch) member.getUserContext().get(SplitWatch.class.getName());
    }

    @Override
    public Object merge(MapMergeTypes<Object, Object> merging, MapMergeTypes<Object, Object> existing) {
        if (existing == null) {
            return changedWhileSplit(merging) ? merging.getRawValue() : null;
        }
        return isNewer(merging, existing) ? merging.getRawValue() : existing.getRawValue();
    }

    /**
     * Hazelcast keeps an entry's last update time in whole seconds. Within one second the version decides: it
     * counts an entry's updates, and a backup copies it from its primary, so of two copies of one history the one
     * with more updates is the later.
     */
    private static boolean isNewer(MapMergeTypes<Object, Object> merging, MapMergeTypes<Object, Object> existing) {
        long mergingTime = merging.getLastUpdateTime();
        long existingTime = existing.getLastUpdateTime();
        return mergingTime != existingTime ? mergingTime > existingTime : merging.getVersion() > existing.getVersion();
    }

    /** Without a split seen (or a watch, in a local merge) the entry is kept, as Hazelcast's put-if-absent would. */
    private boolean changedWhileSplit(MapMergeTypes<Object, Object> merging) {
        SplitWatch known = watch;
        return known == null || merging.getLastUpdateTime() >= known.splitSince();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
