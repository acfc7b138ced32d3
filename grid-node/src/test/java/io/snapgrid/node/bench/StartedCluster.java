package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of in-process members sharing a snapshot root, and how long it took from calling
 * {@code TestCluster.start} (the members' contexts) to every member's {@code /health/readiness} returning 200, polled
 * every {@value #POLL_MILLIS} ms. Readiness stays down until every durable map is restored, so this includes restore.
 * {@code cpuSeconds} is the CPU time this JVM spent meanwhile, all threads together.
 */
record StartedCluster(TestCluster cluster, double seconds, double cpuSeconds) implements AutoCloseable {

    static final int POLL_MILLIS = 20;
    private static final Duration LIMIT = Duration.ofMinutes(30);

    static StartedCluster start(int members, Path root, String... flags) {
        long starting = System.nanoTime();
        long cpu = processCpuNanos();
        TestCluster cluster = TestCluster.start(members, root, List.of(), flags);
        try {
            List<Http> nodes = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                nodes.add(new Http(cluster.restUrl(i)));
            }
            boolean[] ready = new boolean[members];
            while (!allTrue(ready)) {
                for (int i = 0; i < members; i++) {
                    ready[i] = ready[i] || isReady(nodes.get(i));
                }
                if (System.nanoTime() - starting > LIMIT.toNanos()) {
                    throw new IllegalStateException("cluster on " + root + " not ready after " + LIMIT);
                }
                if (!allTrue(ready)) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            return new StartedCluster(cluster, (System.nanoTime() - starting) / 1e9, (processCpuNanos() - cpu) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** CPU time of every thread of this JVM so far. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A Java client whose log lines go through SLF4J like the members' (by default it would log to stderr via JUL). */
    static HazelcastInstance client(TestCluster cluster) {
        return cluster.client(config -> config.setProperty("hazelcast.logging.type", "slf4j"));
    }

    private static boolean isReady(Http node) {
        try {
            return node.get("/health/readiness").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean value : values) {
            if (!value) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
