package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.control.ControlMaps;
import io.snapgrid.node.control.DutyStatus;
import io.snapgrid.node.testing.TestCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Part 3: what the snapshot store holds while strong and weak maps take writes without pause, with the control
 * service's snapshot coordination running on its leader (compaction when a map's deltas exceed half its newest
 * full snapshot or number 64, then retention). Writers per map are closed-loop synchronous {@code set}s of random
 * keys, optionally paced to a rate. Every {@code report-every} it prints, per map, the writes since the last line and
 * what is on disk; at the end it stops the writers and the cluster gracefully and lists once more.
 */
final class SustainedWrites {

    private static final int MEMBERS = 3;
    private static final List<String> MAPS = List.of(DurabilityClasses.STRONG, DurabilityClasses.WEAK);
    private static final String COORDINATION = "snapshot-coordination";

    private final DurabilityOptions options;
    private final NodeRecords records;
    private final Path schema;
    private final Path work;
    private final PrintStream out;

    SustainedWrites(DurabilityOptions options, NodeRecords records, Path schema, Path work, PrintStream out) {
        this.options = options;
        this.records = records;
        this.schema = schema;
        this.work = work;
        this.out = out;
    }

    /** @return the writes that failed (0 when all succeeded) */
    long run() throws IOException, InterruptedException {
        Path root = Files.createDirectory(work.resolve("sustained"));
        String[] flags = DurabilityClasses.flags(schema, options.weakInterval(),
                "--control.snapshot-coordination.interval=" + millis(options.coordinationInterval()),
                "--snapshots.retention.keep-full=3",
                "--snapshots.retention.max-age=" + millis(options.maxAge()));
        int keys = Math.min(options.keys(), records.size());
        out.printf(Locale.ROOT, "%d writers per map (%s), synchronous set of random keys out of %,d, %s;"
                        + " snapshot coordination every %s s, retention keep-full 3, max-age %s; commit log roll every"
                        + " 30 s (shipped default); root %s%n", options.sustainedWriters(), String.join(", ", MAPS),
                keys, options.sustainedRate() == 0 ? "unpaced" : "paced to " + options.sustainedRate()
                        + " writes/s per map", options.coordinationInterval().toMillis() / 1000.0,
                options.maxAge().isZero() ? "0 (by count alone)" : options.maxAge().toString(), root);
        Map<String, AtomicLong> writes = new LinkedHashMap<>();
        Map<String, AtomicLong> errors = new LinkedHashMap<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        StoreListing listing = new StoreListing(root);
        try (StartedCluster started = StartedCluster.start(MEMBERS, root, flags)) {
            TestCluster cluster = started.cluster();
            HazelcastInstance client = StartedCluster.client(cluster);
            for (String map : MAPS) {
                IMap<String, GenericRecord> imap = client.getMap(map);
                for (int from = 0; from < keys; from += options.putAllBatch()) {
                    imap.putAll(records.slice(from, Math.min(keys, from + options.putAllBatch())));
                }
                writes.put(map, new AtomicLong());
                errors.put(map, new AtomicLong());
            }
            long start = System.nanoTime();
            long until = start + options.sustained().toNanos();
            List<Thread> threads = new ArrayList<>();
            for (String map : MAPS) {
                IMap<String, GenericRecord> imap = client.getMap(map);
                for (int w = 0; w < options.sustainedWriters(); w++) {
                    SplittableRandom random = new SplittableRandom(map.hashCode() * 131L + w);
                    long pauseNanos = options.sustainedRate() == 0 ? 0
                            : 1_000_000_000L * options.sustainedWriters() / options.sustainedRate();
                    Thread thread = new Thread(() -> write(imap, random, keys, until, pauseNanos, writes.get(map),
                            errors.get(map), firstError), "bench-sustained-" + map + "-" + w);
                    threads.add(thread);
                    thread.start();
                }
            }
            out.printf(Locale.ROOT, "%6s  %-12s %9s %7s %6s %9s %6s %7s %8s %11s  %s%n", "min", "map", "writes/s",
                    "errors", "files", "MB", "fulls", "deltas", "orphans", "full rows", "commit logs (all members)");
            Map<String, Long> lastWrites = new LinkedHashMap<>();
            MAPS.forEach(map -> lastWrites.put(map, 0L));
            long last = start;
            long next = start + options.reportEvery().toNanos();
            while (true) {
                long now = System.nanoTime();
                long wake = Math.min(next, until);
                if (wake > now) {
                    Thread.sleep((wake - now) / 1_000_000, (int) ((wake - now) % 1_000_000));
                }
                now = System.nanoTime();
                report(listing, root, (now - start) / 60e9, writes, errors, lastWrites, (now - last) / 1e9);
                last = now;
                next += options.reportEvery().toNanos();
                if (now >= until) {
                    break;
                }
            }
            for (Thread thread : threads) {
                thread.join();
            }
            coordination(cluster).ifPresent(status -> out.printf(Locale.ROOT, "snapshot coordination: %d rounds at"
                            + " epoch %d, the last took %.1f s (%s): %s%n", status.runs(), status.epoch(),
                    (status.lastEndMillis() - status.lastStartMillis()) / 1000.0, status.ok() ? "ok" : "FAILED",
                    abbreviate(status.summary())));
        }
        out.println("after a graceful stop (weak queues flushed, commit logs rolled):");
        report(listing, root, options.sustained().toMillis() / 60e3, writes, errors, null, 1);
        if (!options.keepFiles()) {
            StoreListing.deleteTree(root);
        }
        if (firstError.get() != null) {
            out.println("first failed write: " + firstError.get());
        }
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void write(IMap<String, GenericRecord> map, SplittableRandom random, int keys, long until,
                       long pauseNanos, AtomicLong writes, AtomicLong errors, AtomicReference<String> firstError) {
        long next = System.nanoTime();
        while (System.nanoTime() < until) {
            if (pauseNanos > 0) {
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            int key = random.nextInt(keys);
            try {
                map.set(records.key(key), records.value(key));
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, map.getName() + ": " + e);
            }
        }
    }

    private void report(StoreListing listing, Path root, double minutes, Map<String, AtomicLong> writes,
                        Map<String, AtomicLong> errors, Map<String, Long> lastWrites, double seconds) {
        StoreListing.DirectoryFiles logs = StoreListing.directory(root.resolve("commit-logs"));
        for (String map : MAPS) {
            StoreListing.MapFiles files = listing.list(map);
            long total = writes.get(map).get();
            String rate = lastWrites == null ? "-" : String.format(Locale.ROOT, "%,.0f",
                    (total - lastWrites.get(map)) / seconds);
            if (lastWrites != null) {
                lastWrites.put(map, total);
            }
            out.printf(Locale.ROOT, "%6.1f  %-12s %9s %7d %6d %9.1f %6d %7d %8d %,11d  %s%n", minutes, map, rate,
                    errors.get(map).get(), files.files(), files.bytes() / 1e6, files.fulls(), files.deltas(),
                    files.orphans(), files.newestFull(), map.equals(DurabilityClasses.STRONG)
                            ? String.format(Locale.ROOT, "%d files, %.1f MB", logs.files(), logs.bytes() / 1e6) : "");
        }
        out.flush();
    }

    private static Optional<DutyStatus> coordination(TestCluster cluster) {
        try {
            Object status = cluster.member(0).getMap(ControlMaps.DUTIES).get(COORDINATION);
            return status instanceof DutyStatus duty ? Optional.of(duty) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String millis(Duration duration) {
        return duration.isZero() ? "0" : duration.toMillis() + "ms";
    }
}
