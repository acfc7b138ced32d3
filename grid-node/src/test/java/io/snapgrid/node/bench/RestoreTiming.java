package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.SnapshotCompaction;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Part 2: how long a 3-member cluster takes to come back from Parquet snapshots, against a bare {@code putAll} of the
 * same records into a {@code none} map of a fresh cluster. Steps, each on its own cluster of 3 in-process members:
 * <ol>
 *   <li>A, on an empty root: start to ready, then the baseline, a client {@code putAll} of every record into
 *   {@code bench.none} in batches (one thread, batches in sequence).</li>
 *   <li>B, on an empty root: start to ready, then the same {@code putAll} into the durable map (strong by default:
 *   through the commit log), then a graceful stop (weak maps flush, commit logs roll into deltas); then,
 *   with {@code --compact}, one {@link SnapshotCompaction} of the root into a full snapshot, as the leader's
 *   coordination would have done.</li>
 *   <li>C, on an empty root: start to ready (a third measure of a cluster with nothing to restore).</li>
 *   <li>D, on B's root: start to ready, which includes restoring the map (readiness stays down until every
 *   durable map is loaded); then every entry is counted and a sample compared with the generated records.</li>
 * </ol>
 * Start to ready is as {@link StartedCluster} measures it: from starting the members' contexts to all three
 * {@code /health/readiness} returning 200. The restore time is D's minus the median of A, B
 * and C's, i.e. what restoring adds to a cluster start.
 */
final class RestoreTiming {

    private static final int MEMBERS = 3;
    private static final int VERIFIED_SAMPLE = 500;

    /** Each time also as the CPU time this JVM spent meanwhile (all threads), which a busy machine disturbs less. */
    record Result(int nodes, String map, List<Timed> emptyStarts, Timed putAllNone, Timed putAllDurable,
                  double stop, double compaction, Timed restoreStart, long restoredEntries, int verified,
                  StoreListing.MapFiles files, long avroBytes) {

        Timed emptyStart() {
            List<Timed> sorted = emptyStarts.stream().sorted(Comparator.comparingDouble(Timed::seconds))
                    .toList();
            return sorted.get(sorted.size() / 2);
        }

        Timed restore() {
            return new Timed(restoreStart.seconds() - emptyStart().seconds(),
                    restoreStart.cpuSeconds() - emptyStart().cpuSeconds());
        }
    }

    record Timed(double seconds, double cpuSeconds) {
        static Timed of(StartedCluster started) {
            return new Timed(started.seconds(), started.cpuSeconds());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s (CPU %.1f s)", seconds, cpuSeconds);
        }
    }

    private final DurabilityOptions options;
    private final NodeRecords records;
    private final Path schema;
    private final Path work;

    RestoreTiming(DurabilityOptions options, NodeRecords records, Path schema, Path work) {
        this.options = options;
        this.records = records;
        this.schema = schema;
        this.work = work;
    }

    Result run() throws IOException {
        String map = restoredMap();
        int nodes = restoredNodes();
        List<Timed> emptyStarts = new ArrayList<>();

        Timed putAllNone;
        Path rootA = Files.createDirectory(work.resolve("restore-a"));
        try (StartedCluster a = start(rootA)) {
            emptyStarts.add(Timed.of(a));
            progress("cluster A (empty) ready after %.2f s; putAll of %,d nodes into %s", a.seconds(), nodes,
                    DurabilityClasses.NONE);
            putAllNone = putAll(a.cluster(), DurabilityClasses.NONE, nodes);
        }
        deleteUnlessKept(rootA);

        Path rootB = Files.createDirectory(work.resolve("restore-b"));
        Written written = writeSnapshots(rootB, map, nodes);
        emptyStarts.add(written.emptyStart());

        Path rootC = Files.createDirectory(work.resolve("restore-c"));
        try (StartedCluster c = start(rootC)) {
            emptyStarts.add(Timed.of(c));
            progress("cluster C (empty) ready after %.2f s", c.seconds());
        }
        deleteUnlessKept(rootC);

        Timed restoreStart;
        long restored;
        int verified;
        try (StartedCluster d = start(rootB)) {
            restoreStart = Timed.of(d);
            progress("cluster D (restoring %s) ready after %s", map, restoreStart);
            HazelcastInstance client = StartedCluster.client(d.cluster());
            IMap<String, GenericRecord> restoredMap = client.getMap(map);
            restored = restoredMap.size();
            verified = verify(restoredMap, nodes);
        }
        deleteUnlessKept(rootB);
        return new Result(nodes, map, emptyStarts, putAllNone, written.putAll(), written.stop(),
                written.compaction(), restoreStart, restored, verified, written.files(), records.avroBytes(nodes));
    }

    /** The map whose snapshots are restored: {@code --restore-from}. */
    String restoredMap() {
        return options.restoreFrom().equals("weak") ? DurabilityClasses.WEAK : DurabilityClasses.STRONG;
    }

    int restoredNodes() {
        return Math.min(options.restoreNodes(), records.size());
    }

    /** Cluster B of the steps above, and what it left under its root. */
    record Written(Timed emptyStart, Timed putAll, double stop, double compaction, StoreListing.MapFiles files) {
    }

    /**
     * Step B: a cluster on the empty {@code root} takes {@code nodes} records by putAll into {@code map} and stops
     * gracefully; then, with {@code --compact}, the root is compacted into one full snapshot.
     */
    Written writeSnapshots(Path root, String map, int nodes) throws IOException {
        Timed emptyStart;
        Timed putAllDurable;
        double stop;
        StartedCluster b = start(root);
        try {
            emptyStart = Timed.of(b);
            progress("cluster B (empty) ready after %.2f s; putAll of %,d nodes into %s", b.seconds(), nodes, map);
            putAllDurable = putAll(b.cluster(), map, nodes);
        } finally {
            long stopping = System.nanoTime();
            b.close();
            stop = seconds(System.nanoTime() - stopping);
        }
        double compaction = Double.NaN;
        if (options.compact()) {
            long compacting = System.nanoTime();
            new SnapshotCompaction(new FileSystemSnapshotStorage(root)).compact(map);
            compaction = seconds(System.nanoTime() - compacting);
        }
        StoreListing.MapFiles files = new StoreListing(root).list(map);
        progress("cluster B stopped in %.2f s; %s", stop, files);
        return new Written(emptyStart, putAllDurable, stop, compaction, files);
    }

    /** A cluster of the benchmark's members and classes on {@code root}, with {@code extra} flags. */
    StartedCluster start(Path root, String... extra) {
        return StartedCluster.start(MEMBERS, root, DurabilityClasses.flags(schema, options.weakInterval(), extra));
    }

    private Timed putAll(TestCluster cluster, String map, int nodes) {
        IMap<String, GenericRecord> imap = StartedCluster.client(cluster).getMap(map);
        long started = System.nanoTime();
        long cpu = StartedCluster.processCpuNanos();
        for (int from = 0; from < nodes; from += options.putAllBatch()) {
            imap.putAll(records.slice(from, Math.min(nodes, from + options.putAllBatch())));
        }
        Timed timed = new Timed(seconds(System.nanoTime() - started), (StartedCluster.processCpuNanos() - cpu) / 1e9);
        check(imap.size() == nodes, () -> map + " holds " + imap.size() + " entries after putAll of " + nodes);
        return timed;
    }

    /** Every entry is there, and a random sample is equal, field by field, to the record generated for its key. */
    int verify(IMap<String, GenericRecord> map, int nodes) {
        check(map.size() == nodes, () -> "restored " + map.getName() + " holds " + map.size() + " entries, not "
                + nodes);
        SplittableRandom random = new SplittableRandom(7);
        int checked = 0;
        for (int i = 0; i < Math.min(VERIFIED_SAMPLE, nodes); i++) {
            int index = random.nextInt(nodes);
            GenericRecord restored = map.get(records.key(index));
            check(restored != null && records.type().toJson(restored).equals(records.type().toJson(
                    records.value(index))), () -> "restored value of " + records.key(index) + " differs");
            checked++;
        }
        return checked;
    }

    private void deleteUnlessKept(Path root) {
        if (!options.keepFiles()) {
            StoreListing.deleteTree(root);
        }
    }

    private static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new IllegalStateException(message.get());
        }
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "records: %,d generated nodes, %.1f MB as Avro binary; map restored: %s%n", r.nodes(),
                r.avroBytes() / 1e6, r.map());
        StoreListing.MapFiles f = r.files();
        out.printf(Locale.ROOT, "snapshots restored from: %d full + %d delta manifests, %d files, %.1f MB on disk"
                + " (newest full: %,d rows)%n", f.fulls(), f.deltas(), f.files(), f.bytes() / 1e6, f.newestFull());
        out.printf(Locale.ROOT, "%-62s %9s %9s%n", "step", "seconds", "CPU s");
        for (int i = 0; i < r.emptyStarts().size(); i++) {
            row(out, "start to ready, nothing to restore (cluster " + (char) ('A' + i) + ")", r.emptyStarts().get(i));
        }
        row(out, "bare putAll into " + DurabilityClasses.NONE + " (fresh cluster A)", r.putAllNone());
        row(out, "putAll into " + r.map() + " (cluster B, to make the snapshots)", r.putAllDurable());
        out.printf(Locale.ROOT, "%-62s %9.2f%n", "graceful stop of B (flush, roll commit logs)", r.stop());
        out.printf(Locale.ROOT, "%-62s %9s%n", "compaction into one full snapshot",
                Double.isNaN(r.compaction()) ? "skipped" : String.format(Locale.ROOT, "%.2f", r.compaction()));
        row(out, "start to ready with the map to restore (cluster D)", r.restoreStart());
        row(out, "restore = D minus the median of A, B, C", r.restore());
        out.printf(Locale.ROOT, "restored %,d entries; %d sampled values equal to the generated ones%n",
                r.restoredEntries(), r.verified());
        double ratio = r.restore().seconds() / r.putAllNone().seconds();
        out.printf(Locale.ROOT, "restore / bare putAll = %.2fx (target <= 2x: %s); in CPU time %.2fx; raw start-to-ready"
                        + " D / putAll = %.2fx; restore rate %,.0f entries/s, putAll rate %,.0f entries/s%n", ratio,
                ratio <= 2 ? "met" : "missed", r.restore().cpuSeconds() / r.putAllNone().cpuSeconds(),
                r.restoreStart().seconds() / r.putAllNone().seconds(), r.nodes() / r.restore().seconds(),
                r.nodes() / r.putAllNone().seconds());
    }

    private static void row(PrintStream out, String step, Timed timed) {
        out.printf(Locale.ROOT, "%-62s %9.2f %9.1f%n", step, timed.seconds(), timed.cpuSeconds());
    }
}
