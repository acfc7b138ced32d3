package io.snapgrid.node;

import io.snapgrid.node.config.InvalidConfigurationException;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.config.SnapgridSettings;

import java.util.List;

/** Starts one Snapgrid node: an embedded Hazelcast member with the REST API in front of it. */
public final class GridNodeMain {

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private GridNodeMain() {
    }

    public static void main(String[] args) {
        // On 2 cores the common pool otherwise runs async Hazelcast callbacks a thread per task; this must
        // be set before anything touches ForkJoinPool.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
        }
        SnapgridSettings settings;
        try {
            settings = SettingsLoader.load(List.of(args), System.getenv());
        } catch (InvalidConfigurationException e) {
            System.err.println("snapgrid: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        // A node that cannot restore must not linger half-started: exit, naming the cause (readiness alone would
        // leave an orchestrator waiting forever).
        StartupFailure exit = (what, cause) -> {
            System.err.println("snapgrid: " + what + " failed: " + cause.getMessage());
            System.exit(3);
        };
        try {
            GridNode.start(settings, exit);
        } catch (RuntimeException e) {
            // The member may be up already, and its threads would keep a half-started node alive.
            System.err.println("snapgrid: " + e.getMessage());
            System.exit(1);
        }
    }
}
