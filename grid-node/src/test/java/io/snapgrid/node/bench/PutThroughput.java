package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.CommitLogStats;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Part 1: closed-loop client writers, each doing a synchronous {@code IMap.set} of a random key and starting the next
 * as soon as it returns (so {@code writers} is also the number of puts in flight), against the none, weak and strong
 * maps in turn. The three cells of one writer count run back to back, so they see the same background noise.
 * Before each cell the previous cell's leftovers are finished (the weak map's write-behind queues drained, every
 * member's commit log rolled into deltas); what happens during a cell, such as a weak flush or a scheduled roll, is
 * charged to it.
 */
final class PutThroughput {

    private final DurabilityOptions options;
    private final NodeRecords records;
    private final TestCluster cluster;
    private final HazelcastInstance client;

    PutThroughput(DurabilityOptions options, NodeRecords records, TestCluster cluster, HazelcastInstance client) {
        this.options = options;
        this.records = records;
        this.cluster = cluster;
        this.client = client;
    }

    /** Fills every map with the same records, so that every cell overwrites existing entries. */
    void preload() {
        int keys = Math.min(options.keys(), records.size());
        for (String map : DurabilityClasses.MAPS) {
            IMap<String, GenericRecord> imap = client.getMap(map);
            for (int from = 0; from < keys; from += options.putAllBatch()) {
                imap.putAll(records.slice(from, Math.min(keys, from + options.putAllBatch())));
            }
        }
        settle();
    }

    List<PutCell> run() throws InterruptedException {
        List<PutCell> cells = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int writers : options.writers()) {
                for (String map : options.maps()) {
                    settle();
                    PutCell cell = cell(round, writers, map);
                    System.err.printf(Locale.ROOT, "bench: round %d, %d writers, %s: %,.0f puts/s, %d errors%n",
                            round, writers, map, cell.opsPerSecond(), cell.errors());
                    cells.add(cell);
                }
            }
        }
        return cells;
    }

    PutCell cell(int round, int writers, String map) throws InterruptedException {
        IMap<String, GenericRecord> imap = client.getMap(map);
        int keys = Math.min(options.keys(), records.size());
        long measureFrom = System.nanoTime() + options.warmupSeconds() * 1_000_000_000L;
        long until = measureFrom + options.seconds() * 1_000_000_000L;
        boolean strong = map.equals(DurabilityClasses.STRONG);
        StoreSampler sampler = strong ? new StoreSampler(measureFrom - System.nanoTime()) : null;
        CommitLogStats[] logBefore = new CommitLogStats[cluster.size()];
        long[] cpuBefore = new long[1];
        Thread mark = markAt(measureFrom, strong ? logBefore : null, cpuBefore);

        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        for (int writer = 0; writer < writers; writer++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            // Repeatable key sequences, different per writer, the same for the three maps.
            SplittableRandom random = new SplittableRandom(1000L * round + 31L * writers + writer);
            // A writer goes on until the window has closed and it has had one put measured or failed: a pause of
            // the whole JVM (the strong cells' thread dumps stop it, for over a second on a loaded machine) can
            // otherwise keep it from starting any put inside a short window, and leave the cell nothing to show.
            Thread thread = new Thread(() -> {
                long started;
                boolean measured = false;
                boolean failed = false;
                while ((started = System.nanoTime()) < until || !(measured || failed)) {
                    int key = random.nextInt(keys);
                    try {
                        imap.set(records.key(key), records.value(key));
                        if (started >= measureFrom) {
                            recorder.record(System.nanoTime() - started);
                            measured = true;
                        }
                    } catch (RuntimeException e) {
                        failed = true;
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, String.valueOf(e));
                    }
                }
            }, "bench-" + map + "-" + writer);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long cpu = StartedCluster.processCpuNanos() - cpuBefore[0];
        mark.join();
        PutCell.LogWindow log = null;
        PutCell.InFlight inFlight = null;
        if (strong) {
            inFlight = sampler.stop();
            log = logWindow(logBefore, options.seconds());
        }
        long[] sorted = LatencyRecorder.sortedUnion(recorders);
        return new PutCell(round, writers, map, sorted.length, sorted.length / (double) options.seconds(),
                LatencyRecorder.percentile(sorted, 50), LatencyRecorder.percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], errors.get(), firstError.get(),
                sorted.length == 0 ? 0 : cpu / 1e3 / sorted.length, log, inFlight);
    }

    /** When the measured window opens: the JVM's CPU time and (for strong cells) every member's log counters. */
    private Thread markAt(long nanoTime, CommitLogStats[] logs, long[] cpu) {
        Thread mark = new Thread(() -> {
            long wait = nanoTime - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            cpu[0] = StartedCluster.processCpuNanos();
            if (logs != null) {
                for (int i = 0; i < logs.length; i++) {
                    logs[i] = cluster.bean(i, SnapshotMapStores.class).logStats();
                }
            }
        }, "bench-window-mark");
        mark.start();
        return mark;
    }

    private PutCell.LogWindow logWindow(CommitLogStats[] before, double seconds) {
        long appends = 0;
        long writes = 0;
        long fsyncs = 0;
        for (int i = 0; i < before.length; i++) {
            CommitLogStats after = cluster.bean(i, SnapshotMapStores.class).logStats();
            appends += after.appends() - before[i].appends();
            writes += after.writes() - before[i].writes();
            fsyncs += after.fsyncs() - before[i].fsyncs();
        }
        return new PutCell.LogWindow(appends, writes, fsyncs, seconds);
    }

    /**
     * Finishes the background work a cell leaves behind, so the next cell does not pay for it: waits until no weak
     * change is queued on any member and rolls each member's commit log.
     */
    void settle() {
        long deadline = System.nanoTime() + (3 * options.weakInterval().toMillis() + 30_000) * 1_000_000L;
        while (dirtyWeakEntries() > 0 && System.nanoTime() < deadline) {
            sleep(100);
        }
        for (int i = 0; i < cluster.size(); i++) {
            cluster.bean(i, SnapshotMapStores.class).rollLog();
        }
    }

    private long dirtyWeakEntries() {
        long dirty = 0;
        for (int i = 0; i < cluster.size(); i++) {
            dirty += cluster.member(i).getMap(DurabilityClasses.WEAK).getLocalMapStats().getDirtyEntryCount();
        }
        return dirty;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void print(List<PutCell> cells, PrintStream out) {
        out.printf(Locale.ROOT, "%5s %7s  %-12s %10s %9s %9s %9s %10s %6s  %s%n", "round", "writers", "map",
                "puts/s", "p50 µs", "p99 µs", "max µs", "CPU µs/put", "errors",
                "strong: commit logs of all members over the window");
        for (PutCell c : cells) {
            String extra = "";
            if (c.log() != null) {
                extra = String.format(Locale.ROOT, "%.1f appends/fsync (meanBatch), %,.0f fsyncs/s; stores in"
                                + " flight (sampled every %d ms, %.0f ms a sample): mean %.1f, max %d, max in one"
                                + " member %d", c.log().meanBatch(), c.log().fsyncsPerSecond(),
                        StoreSampler.PERIOD_MILLIS, c.inFlight().meanDumpMillis(), c.inFlight().mean(),
                        c.inFlight().max(), c.inFlight().maxPerMember());
            }
            out.printf(Locale.ROOT, "%5d %7d  %-12s %,10.0f %,9.0f %,9.0f %,9.0f %,10.0f %6d  %s%n", c.round(),
                    c.writers(), c.map(), c.opsPerSecond(), micros(c.p50Nanos()), micros(c.p99Nanos()),
                    micros(c.maxNanos()), c.cpuMicrosPerPut(), c.errors(), extra);
        }
        out.println();
        out.println("Ratios against none (adjacent cells of the same round and writer count);"
                + " targets: weak >= 90%, strong >= 50% at 64 writers:");
        out.printf(Locale.ROOT, "%5s %7s  %10s %12s %14s %16s %14s %16s%n", "round", "writers", "weak/none",
                "strong/none", "p50 weak/none", "p50 strong/none", "CPU weak/none", "CPU strong/none");
        List<double[]> ratios = new ArrayList<>();
        for (PutCell none : cells) {
            if (!none.map().equals(DurabilityClasses.NONE)) {
                continue;
            }
            Optional<PutCell> weak = find(cells, none.round(), none.writers(), DurabilityClasses.WEAK);
            Optional<PutCell> strong = find(cells, none.round(), none.writers(), DurabilityClasses.STRONG);
            double weakRatio = weak.map(c -> ratio(c.opsPerSecond(), none.opsPerSecond())).orElse(Double.NaN);
            double strongRatio = strong.map(c -> ratio(c.opsPerSecond(), none.opsPerSecond())).orElse(Double.NaN);
            ratios.add(new double[] {none.writers(), weakRatio, strongRatio});
            out.printf(Locale.ROOT, "%5d %7d  %10s %12s %14s %16s %14s %16s%s%n", none.round(), none.writers(),
                    percent(weakRatio), percent(strongRatio),
                    times(weak.map(c -> ratio(c.p50Nanos(), none.p50Nanos())).orElse(Double.NaN)),
                    times(strong.map(c -> ratio(c.p50Nanos(), none.p50Nanos())).orElse(Double.NaN)),
                    times(weak.map(c -> ratio(c.cpuMicrosPerPut(), none.cpuMicrosPerPut())).orElse(Double.NaN)),
                    times(strong.map(c -> ratio(c.cpuMicrosPerPut(), none.cpuMicrosPerPut())).orElse(Double.NaN)),
                    verdict(none.writers(), weakRatio, strongRatio));
        }
        if (cells.stream().mapToInt(PutCell::round).max().orElse(1) > 1) {
            out.println("Median over rounds:");
            ratios.stream().mapToInt(r -> (int) r[0]).distinct().sorted().forEach(writers -> {
                double weak = median(ratios.stream().filter(r -> r[0] == writers).mapToDouble(r -> r[1]).toArray());
                double strong = median(ratios.stream().filter(r -> r[0] == writers).mapToDouble(r -> r[2]).toArray());
                out.printf(Locale.ROOT, "%5s %7d  %10s %12s %14s %16s %14s %16s%s%n", "all", writers,
                        percent(weak), percent(strong), "", "", "", "", verdict(writers, weak, strong));
            });
        }
        cells.stream().filter(c -> c.errors() > 0).forEach(c -> out.printf(Locale.ROOT,
                "errors in round %d, %d writers, %s: %d, the first: %s%n", c.round(), c.writers(), c.map(), c.errors(),
                c.firstError()));
    }

    private static String verdict(int writers, double weak, double strong) {
        List<String> verdicts = new ArrayList<>();
        if (!Double.isNaN(weak)) {
            verdicts.add("weak " + (weak >= 0.9 ? "meets" : "misses") + " 90%");
        }
        if (writers == 64 && !Double.isNaN(strong)) {
            verdicts.add("strong " + (strong >= 0.5 ? "meets" : "misses") + " 50%");
        }
        return verdicts.isEmpty() ? "" : "   " + String.join(", ", verdicts);
    }

    private static Optional<PutCell> find(List<PutCell> cells, int round, int writers, String map) {
        return cells.stream().filter(c -> c.round() == round && c.writers() == writers && c.map().equals(map))
                .findFirst();
    }

    private static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }
}
