package io.snapgrid.node.control;

import io.snapgrid.node.testing.TestCluster;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples every node's leadership in the background and remembers the first moment two nodes both held a valid
 * epoch: the one thing the control service must never allow, however short.
 */
final class LeaderWatch implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 10;

    private final TestCluster cluster;
    private final AtomicReference<String> violation = new AtomicReference<>();
    private final Thread sampler;
    private volatile boolean running = true;

    LeaderWatch(TestCluster cluster) {
        this.cluster = cluster;
        this.sampler = new Thread(this::sample, "leader-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            List<Integer> leading = ControlState.leading(cluster);
            if (leading.size() > 1) {
                violation.compareAndSet(null, "nodes " + leading + " led at once, at " + Instant.now());
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void assertNeverTwoLeaders() {
        if (violation.get() != null) {
            throw new AssertionError(violation.get());
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
