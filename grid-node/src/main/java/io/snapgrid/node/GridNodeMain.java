package io.snapgrid.node;

import io.micronaut.context.ApplicationContext;
import io.snapgrid.node.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

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
        // A node that cannot restore must not linger half-started: exit, naming the cause (readiness alone would
        // leave an orchestrator waiting forever).
        StartupFailure exit = (what, cause) -> {
            System.err.println("snapgrid: " + what + " failed: " + cause.getMessage());
            System.exit(3);
        };
        try {
            stopGracefullyOn(GridNode.start(List.of(args), exit), "TERM", "INT");
        } catch (InvalidConfigurationException e) {
            // Thrown before the member starts: nothing to stop.
            e.problems().forEach(problem -> System.err.println("snapgrid: invalid configuration: " + problem));
            System.exit(2);
        } catch (RuntimeException e) {
            // The member may be up already, and its threads would keep a half-started node alive.
            System.err.println("snapgrid: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * SIGTERM (a pod being stopped, {@code kill}) and SIGINT (Ctrl-C) run the graceful stop and then exit. They
     * replace the JVM's default, which runs the shutdown hooks at once: Micronaut's hook closes the REST server first,
     * so readiness could not say 503 while the member leaves. The JVM runs each handler on a thread of its own.
     */
    private static void stopGracefullyOn(ApplicationContext node, String... signals) {
        for (String name : signals) {
            Signal.handle(new Signal(name), signal -> {
                Logger log = LoggerFactory.getLogger(GridNodeMain.class);
                try {
                    if (!node.getBean(GracefulStop.class).run("SIG" + signal.getName())) {
                        return;
                    }
                } catch (RuntimeException e) {
                    log.error("Shutdown: the graceful stop failed; stopping the rest anyway", e);
                }
                node.close();
                log.info("Shutdown: stopped");
                System.exit(0);
            });
        }
    }
}
