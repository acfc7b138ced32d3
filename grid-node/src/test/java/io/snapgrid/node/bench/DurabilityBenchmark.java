package io.snapgrid.node.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.TestCluster;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What durability costs (docs/benchmarks.md), measured against {@code none} in the same run on the same generated
 * inventory nodes (Compact GenericRecords of the shipped Node schema), through real Hazelcast Java clients against
 * clusters of 3 in-process Snapgrid members sharing one snapshot root. Three maps, {@code bench.none},
 * {@code bench.weak} and {@code bench.strong}, have storage classes that differ only in durability (1 backup each).
 * Three parts:
 * <ol>
 *   <li><b>throughput</b>: puts per second, p50/p99, for each map at each writer count; a writer is a client thread
 *   doing synchronous {@code IMap.set} of a random key (so writers = puts in flight). Ratios weak/none and strong/none
 *   per writer count, against the targets (weak &gt;= 90%; strong &gt;= 50% at 64 writers), and the JVM's CPU time per
 *   put, which a busy machine disturbs less than throughput. Strong cells also show the commit logs' appends per
 *   fsync (meanBatch) and how many stores were waiting at once (sampled by thread dumps, about 1-2% of the window).
 *   The leader's snapshot coordination runs every hour here, so compaction does not land in random cells (part 3
 *   measures it).</li>
 *   <li><b>restore</b>: start-to-ready of a cluster restoring {@code --restore-nodes} nodes from Parquet snapshots,
 *   minus that of a cluster with nothing to restore, against a bare client {@code putAll} of the same records into
 *   {@code bench.none} of a fresh cluster (target &lt;= 2x), in seconds and in CPU seconds; see
 *   {@link RestoreTiming}.</li>
 *   <li><b>sustained</b>: strong and weak writes without pause for {@code --sustained}, with the leader compacting
 *   and applying retention; every {@code --report-every}, files, bytes, full snapshots and deltas per map.</li>
 *   <li><b>s3-restore</b>, only when named in {@code --parts}: restore of {@code --restore-nodes} nodes from the same
 *   snapshot files in S3 (s3proxy in this JVM) and on the filesystem, as a ratio; see {@link S3RestoreTiming}.</li>
 * </ol>
 * Run it with {@code ./snapgrid bench-durability [--key=value ...]} (8 GB heap unless JAVA_OPTS says otherwise):
 * <pre>
 * --parts=throughput,restore,sustained   which parts to run (default these three, in this order; s3-restore
 *                                        runs when named)
 * --seconds=10 --warmup=3                measured seconds per throughput cell, after this many seconds of warm-up
 * --writers=1,16,64                      writer counts of the throughput part
 * --rounds=1                             repeat the throughput cells and the s3-restore starts; ratios are then
 *                                        also given as medians
 * --maps=none,weak,strong                the maps of the throughput part (ratios need none)
 * --keys=50000                           distinct keys written in parts 1 and 3 (each map is preloaded with them)
 * --weak-interval=5s                     snapshot-interval of the weak class (whole seconds)
 * --restore-nodes=250000                 nodes restored in part 2
 * --restore-from=strong                  the class whose snapshots part 2 restores: strong or weak
 * --compact=true                         compact the stopped cluster's deltas into one full snapshot before restore
 * --putall-batch=10000                   entries per putAll call (preloads and part 2)
 * --sustained=10m --report-every=1m      length of part 3 and how often it lists the store
 * --sustained-writers=8                  writers per map in part 3
 * --sustained-rate=0                     writes/s per map in part 3; 0 = as fast as they go
 * --coordination-interval=30s            control.snapshot-coordination.interval in part 3 (shipped default 30s)
 * --max-age=0                            snapshots.retention.max-age in part 3: 0 keeps by count (keep-full 3)
 *                                        alone; the shipped 7d keeps every full snapshot for a week
 * --dir=$TMPDIR                          where snapshot roots go: its file system decides what an fsync costs
 * --keep-files=false                     keep the snapshot roots instead of deleting them
 * </pre>
 * Members, clients and writers share this JVM and the machine, so the figures are for comparing the classes with
 * each other within one run, not capacities. Nothing is asserted about speed; the exit status is non-zero only
 * when an operation failed or a restore came back incomplete.
 */
public final class DurabilityBenchmark {

    private static final int MEMBERS = 3;

    private DurabilityBenchmark() {
    }

    /** What a run measured, for the smoke test. */
    record Result(List<PutCell> cells, RestoreTiming.Result restore, S3RestoreTiming.Result s3Restore,
                  long sustainedErrors) {

        long errors() {
            return cells.stream().mapToLong(PutCell::errors).sum() + sustainedErrors;
        }
    }

    public static void main(String[] args) {
        DurabilityOptions options;
        try {
            options = DurabilityOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        logToStderr();
        int status = 1;
        try {
            Result result = run(options, System.out);
            status = result.errors() == 0 ? 0 : 1;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            // Hazelcast and Netty leave non-daemon threads behind even after a clean shutdown.
            System.exit(status);
        }
    }

    /**
     * Figures go to stdout; progress and the nodes' log lines to stderr, the nodes' at WARN and above (their INFO
     * lines would bury the progress, and the warnings of members shutting down are expected).
     */
    private static void logToStderr() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        context.getLogger("io.snapgrid").setLevel(Level.WARN);
    }

    /** Runs the chosen parts, printing each as it completes; callable from tests, since it never exits. */
    static Result run(DurabilityOptions options, PrintStream out) throws Exception {
        Files.createDirectories(options.dir());
        Path work = Files.createTempDirectory(options.dir(), "snapgrid-durability-bench");
        Path schema = DurabilityClasses.schemaFile(work);
        boolean restores = options.runs(DurabilityOptions.Part.RESTORE) || options.runs(DurabilityOptions.Part.S3_RESTORE);
        int count = Math.max(restores ? options.restoreNodes() : 0, options.keys());
        long generating = System.nanoTime();
        NodeRecords records = NodeRecords.generate(count);
        System.err.printf(Locale.ROOT, "bench: generated %,d nodes in %.1f s%n", count,
                (System.nanoTime() - generating) / 1e9);

        out.println("Durability benchmark: " + environment(work));
        out.printf(Locale.ROOT, "%s; records: generated inventory nodes, %d bytes each as Avro binary on average%n",
                DurabilityClasses.describe(options.weakInterval()), records.meanAvroBytes());

        List<PutCell> cells = List.of();
        if (options.runs(DurabilityOptions.Part.THROUGHPUT)) {
            out.printf(Locale.ROOT, "%n== Part 1: put throughput (load before: %s)%n", load());
            out.printf(Locale.ROOT, "%d members, one client (smart routing); each writer a client thread doing"
                            + " synchronous set of a random key out of %,d (maps preloaded with them), %d s measured"
                            + " after %d s warm-up per cell; cells in the order none, weak, strong per writer count;"
                            + " snapshot coordination every 1 h (no compaction); commit logs roll every 30 s%n",
                    MEMBERS, Math.min(options.keys(), records.size()), options.seconds(), options.warmupSeconds());
            Path root = Files.createDirectory(work.resolve("throughput"));
            try (StartedCluster started = StartedCluster.start(MEMBERS, root, DurabilityClasses.flags(schema,
                    options.weakInterval(), "--control.snapshot-coordination.interval=1h"))) {
                TestCluster cluster = started.cluster();
                HazelcastInstance client = StartedCluster.client(cluster);
                PutThroughput throughput = new PutThroughput(options, records, cluster, client);
                throughput.preload();
                cells = throughput.run();
            }
            if (!options.keepFiles()) {
                StoreListing.deleteTree(root);
            }
            PutThroughput.print(cells, out);
            out.printf(Locale.ROOT, "load after part 1: %s%n", load());
            out.flush();
        }

        RestoreTiming.Result restore = null;
        if (options.runs(DurabilityOptions.Part.RESTORE)) {
            out.printf(Locale.ROOT, "%n== Part 2: restore (load before: %s)%n", load());
            restore = new RestoreTiming(options, records, schema, work).run();
            RestoreTiming.print(restore, out);
            out.printf(Locale.ROOT, "load after part 2: %s%n", load());
            out.flush();
        }

        long sustainedErrors = 0;
        if (options.runs(DurabilityOptions.Part.SUSTAINED)) {
            out.printf(Locale.ROOT, "%n== Part 3: files and bytes under sustained writes (load before: %s)%n", load());
            sustainedErrors = new SustainedWrites(options, records, schema, work, out).run();
            out.printf(Locale.ROOT, "load after part 3: %s%n", load());
            out.flush();
        }
        S3RestoreTiming.Result s3Restore = null;
        if (options.runs(DurabilityOptions.Part.S3_RESTORE)) {
            out.printf(Locale.ROOT, "%n== Part 4: restore from S3 against the filesystem (load before: %s)%n", load());
            s3Restore = new S3RestoreTiming(options, new RestoreTiming(options, records, schema, work), work).run();
            S3RestoreTiming.print(s3Restore, out);
            out.printf(Locale.ROOT, "load after part 4: %s%n", load());
            out.flush();
        }
        if (!options.keepFiles()) {
            StoreListing.deleteTree(work);
        }
        if (restore != null && restore.restoredEntries() != restore.nodes()) {
            throw new IllegalStateException("restore incomplete: " + restore.restoredEntries() + " of "
                    + restore.nodes());
        }
        return new Result(cells, restore, s3Restore, sustainedErrors);
    }

    private static String environment(Path work) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "JVM %s %s, %s %s, %d cores, max heap %d MB; snapshot roots under %s (%s);"
                        + " members, clients and writers share this JVM",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"), runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024), work, Files.getFileStore(work).type());
    }

    /** The machine's 1-minute load average: on a shared machine, other work competes with the benchmark. */
    private static String load() {
        return String.format(Locale.ROOT, "1-min load average %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
