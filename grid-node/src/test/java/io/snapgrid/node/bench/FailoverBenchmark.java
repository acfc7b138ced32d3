package io.snapgrid.node.bench;

import io.snapgrid.node.control.ActionLog;
import io.snapgrid.node.control.ActionRecord;
import io.snapgrid.node.control.LeaderFailover;
import io.snapgrid.node.control.LeaderFailover.Disruption;
import io.snapgrid.node.control.LeaderFailover.Result;
import io.snapgrid.node.testing.PackagedCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How long the control service is leaderless when its leader dies (SIGKILL) or freezes (SIGSTOP): from the signal
 * to the new leader's first duty action, over repeated runs against the configured failure detector. Each kind
 * runs on one cluster of three packaged nodes; between runs the disrupted node is replaced by a fresh one. After a
 * reactor {@code package}, from the checkout:
 * <pre>
 * java -Dsnapgrid.node.jar=grid-node/target/snapgrid-node.jar \
 *   -cp grid-node/target/classes:grid-node/target/test-classes:$(cat grid-node/target/test-classpath.txt) \
 *   io.snapgrid.node.bench.FailoverBenchmark [--runs=N]
 * </pre>
 */
public final class FailoverBenchmark {

    private static final String USAGE = "usage: FailoverBenchmark [--runs=N] (default 5)";

    private FailoverBenchmark() {
    }

    /** Exits non-zero when a run could not complete or two leaders acted at once, never because of time. */
    public static void main(String[] args) {
        int runs;
        try {
            runs = runs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        int status = 1;
        try {
            Path work = Files.createTempDirectory("snapgrid-failover-bench");
            System.out.printf("Control failover, 3 packaged nodes: heartbeat %d s, max-no-heartbeat %d s, leadership"
                            + " check %d s; %d runs each; node logs under %s%n",
                    LeaderFailover.HEARTBEAT_INTERVAL.toSeconds(), LeaderFailover.MAX_NO_HEARTBEAT.toSeconds(),
                    LeaderFailover.CHECK_INTERVAL.toSeconds(), runs, work);
            for (Disruption disruption : Disruption.values()) {
                measure(disruption, runs, work.resolve(disruption.name().toLowerCase()));
            }
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            System.exit(status);
        }
    }

    private static void measure(Disruption disruption, int runs, Path work) {
        List<Result> results = new ArrayList<>();
        try (PackagedCluster cluster = LeaderFailover.startCluster(work)) {
            for (int run = 1; run <= runs; run++) {
                Result result = LeaderFailover.disruptLeader(cluster, disruption);
                System.out.printf("%s run %d/%d: %s%n", disruption.signal(), run, runs, result);
                results.add(result);
                if (run < runs) {
                    cluster.replace(result.oldSlot());
                }
            }
            List<ActionRecord> actions = ActionLog.read(cluster, results.get(runs - 1).survivors());
            ActionLog.assertOneLeaderAtATime(actions);
            System.out.printf("%s: first duty action after median %d ms, max %d ms; elected after median %d ms,"
                            + " max %d ms; max-no-heartbeat %d ms; %d logged actions, one leader at a time%n",
                    disruption.signal(),
                    median(results, Result::firstActionAfterMillis), max(results, Result::firstActionAfterMillis),
                    median(results, Result::electedAfterMillis), max(results, Result::electedAfterMillis),
                    LeaderFailover.MAX_NO_HEARTBEAT.toMillis(), actions.size());
        }
    }

    private static long median(List<Result> results, ToLongFunction<Result> millis) {
        long[] sorted = results.stream().mapToLong(millis).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static long max(List<Result> results, ToLongFunction<Result> millis) {
        return results.stream().mapToLong(millis).max().orElseThrow();
    }

    private static int runs(String... args) {
        int runs = 5;
        for (String arg : args) {
            if (!arg.startsWith("--runs=")) {
                throw new IllegalArgumentException("unknown argument " + arg + "; " + USAGE);
            }
            try {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number: " + arg + "; " + USAGE);
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("need at least one run; " + USAGE);
        }
        return runs;
    }
}
