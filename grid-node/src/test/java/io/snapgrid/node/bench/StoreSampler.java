package io.snapgrid.node.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts, every {@value #PERIOD_MILLIS} ms, the threads of this JVM (members included) that are inside a strong
 * MapStore's store call: encoding or waiting for the group commit, in all members and per member (each member has
 * its own commit log). That bounds how many strong writes can share an fsync at that moment, whatever the number of
 * client writers; Hazelcast's offload pool ({@code hz:map-store-offloadable}, 16 threads unless configured) bounds it
 * in turn. A thread dump costs a safepoint, so sampling is
 * sparse and only runs during strong cells.
 */
final class StoreSampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 1000;
    private static final String STRONG_STORE = "io.snapgrid.snapshot.mapstore.StrongMapStore";
    private static final int STACK_DEPTH = 24;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-store-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private long samples;
    private long total;
    private int max;
    private int maxPerMember;
    private long dumpNanos;

    StoreSampler(long startAfterNanos) {
        timer.scheduleAtFixedRate(this::sample, TimeUnit.NANOSECONDS.toMillis(startAfterNanos), PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        long started = System.nanoTime();
        int inside = 0;
        Map<String, Integer> perMember = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false, STACK_DEPTH)) {
            if (info == null) {
                continue;
            }
            for (StackTraceElement frame : info.getStackTrace()) {
                if (frame.getClassName().equals(STRONG_STORE)) {
                    inside++;
                    perMember.merge(member(info.getThreadName()), 1, Integer::sum);
                    break;
                }
            }
        }
        samples++;
        total += inside;
        max = Math.max(max, inside);
        maxPerMember = Math.max(maxPerMember, perMember.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        dumpNanos += System.nanoTime() - started;
    }

    /** Hazelcast names a member's pool threads {@code hz.<instance name>.<pool>.thread-<n>}. */
    private static String member(String thread) {
        int pool = thread.indexOf(".cached.");
        return pool < 0 ? thread : thread.substring(0, pool);
    }

    /** Stops sampling; what was seen so far. */
    PutCell.InFlight stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            return new PutCell.InFlight((int) samples, samples == 0 ? 0 : (double) total / samples, max, maxPerMember,
                    samples == 0 ? 0 : dumpNanos / 1e6 / samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
