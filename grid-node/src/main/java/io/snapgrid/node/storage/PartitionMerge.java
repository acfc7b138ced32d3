package io.snapgrid.node.storage;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.snapgrid.node.config.ClusterSettings;

/**
 * What a storage class with {@code split-brain-protection: majority} does in a network partition
 * (docs/durability.md, "Network partition").
 * <ul>
 * <li>Writes need a majority of {@code cluster.expected-size} heard from recently
 * ({@link ClusterSettings#recentMajority}). Hazelcast checks it before an operation runs, so a refused operation
 * reaches neither the entry nor the store; but an operation retried after its first target left may have been
 * applied there before the refusal. Reads stay available: a minority member serves what it held when it was cut
 * off.</li>
 * <li>When the sides merge, each key keeps its latest change ({@link LatestChangeMergePolicy}), and Hazelcast
 * stores every entry the merge changes, so the store agrees with memory.</li>
 * </ul>
 */
public final class PartitionMerge {

    public static final String WRITE_MAJORITY = "snapgrid-write-majority";
    /** Entries per merge operation; Hazelcast's default. */
    private static final int MERGE_BATCH = 100;

    private PartitionMerge() {
    }

    /** Adds the protection that {@link #protect} names, and the member's {@link SplitWatch}. */
    public static void configure(Config config, ClusterSettings cluster) {
        config.addSplitBrainProtectionConfig(cluster.recentMajority(WRITE_MAJORITY, SplitBrainProtectionOn.WRITE));
        if (cluster.quorum() == 1) {
            // A member meant to be alone is always its own majority, but Hazelcast refuses protected writes, the
            // initial load among them, until it has first evaluated the membership, right after start.
            config.getMapConfigs().values().stream()
                    .filter(map -> WRITE_MAJORITY.equals(map.getSplitBrainProtectionName()))
                    .forEach(map -> map.setSplitBrainProtectionName(null));
        }
        SplitWatch watch = new SplitWatch(cluster.failureDetector().maxNoHeartbeat(),
                cluster.failureDetector().heartbeatInterval(), cluster.expectedSize());
        config.getUserContext().put(SplitWatch.class.getName(), watch);
        config.addListenerConfig(new ListenerConfig(watch));
    }

    static void protect(MapConfig map) {
        map.setSplitBrainProtectionName(WRITE_MAJORITY)
                // The merge compares the entries' last update times, which Hazelcast keeps only with these on.
                .setPerEntryStatsEnabled(true)
                .setMergePolicyConfig(new MergePolicyConfig(LatestChangeMergePolicy.class.getName(), MERGE_BATCH));
    }
}
