package io.snapgrid.node.control;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/**
 * The maps that hold control state. All of them refuse reads and writes on a member that sees fewer than a
 * majority of the expected cluster, so a minority side can neither claim leadership nor record duty work.
 */
public final class ControlMaps {

    public static final String LEADERSHIP = "__snapgrid.control.leadership";
    public static final String HISTORY = "__snapgrid.control.history";
    public static final String DUTIES = "__snapgrid.control.duties";
    public static final String ACTIONS = "__snapgrid.control.actions";
    public static final String MAJORITY = "snapgrid-majority";
    static final String LEADER_KEY = "leader";
    private static final int ACTION_LOG_TTL_SECONDS = 24 * 3600;

    private ControlMaps() {
    }

    public static void configure(Config config, int quorum) {
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, quorum)
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        for (String name : new String[] {LEADERSHIP, HISTORY, DUTIES, ACTIONS}) {
            config.addMapConfig(new MapConfig(name)
                    .setBackupCount(Math.min(quorum, 2))
                    .setSplitBrainProtectionName(MAJORITY)
                    .setTimeToLiveSeconds(name.equals(ACTIONS) ? ACTION_LOG_TTL_SECONDS : 0));
        }
    }
}
