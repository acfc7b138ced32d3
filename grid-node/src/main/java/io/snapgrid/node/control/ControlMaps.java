package io.snapgrid.node.control;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.snapgrid.node.config.ClusterSettings;

/**
 * The maps that hold control state. All of them refuse reads and writes on a member that has not heard recently
 * from a majority of the expected cluster ({@link ClusterSettings#recentMajority}), so a minority side loses every
 * fenced action and the leader's lease before the majority side can elect, and can record no duty work.
 */
public final class ControlMaps {

    public static final String LEADERSHIP = "__snapgrid.control.leadership";
    public static final String HISTORY = "__snapgrid.control.history";
    public static final String DUTIES = "__snapgrid.control.duties";
    public static final String ACTIONS = "__snapgrid.control.actions";
    /** Admin operations (such as a full snapshot on demand) that the leader runs; see {@link SnapshotOperations}. */
    public static final String OPERATIONS = "__snapgrid.operations";
    public static final String MAJORITY = "snapgrid-majority";
    static final String LEADER_KEY = "leader";
    private static final int ACTION_LOG_TTL_SECONDS = 24 * 3600;
    /** An operation is forgotten a day after its last change, so the map stays bounded. */
    private static final int OPERATIONS_TTL_SECONDS = 24 * 3600;

    private ControlMaps() {
    }

    public static void configure(Config config, ClusterSettings cluster) {
        int quorum = cluster.quorum();
        config.addSplitBrainProtectionConfig(cluster.recentMajority(MAJORITY, SplitBrainProtectionOn.READ_WRITE));
        for (String name : new String[] {LEADERSHIP, HISTORY, DUTIES, ACTIONS, OPERATIONS}) {
            config.addMapConfig(new MapConfig(name)
                    .setBackupCount(Math.min(quorum, 2))
                    .setSplitBrainProtectionName(MAJORITY)
                    .setTimeToLiveSeconds(switch (name) {
                        case ACTIONS -> ACTION_LOG_TTL_SECONDS;
                        case OPERATIONS -> OPERATIONS_TTL_SECONDS;
                        default -> 0;
                    }));
        }
    }
}
