package io.snapgrid.snapshot.bench;

import io.snapgrid.snapshot.CommitLog;
import io.snapgrid.snapshot.CommitLogOptions;
import io.snapgrid.snapshot.CommitLogStats;
import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.SnapshotRow;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The commit log's group commit (the target in docs/benchmarks.md: strong puts keep at least 50% of {@code none}'s
 * throughput with 64 writers in flight). Each writer appends one generated node row, waits for its acknowledgement, then appends the
 * next, for a fixed time per cell; 1, 16 and 64 writers, each with fsync and then with fsync switched off (the
 * log's own cost without durability), in the same run. Reports appends/s, fsyncs/s, mean group-commit batch and
 * p50/p99 acknowledgement latency, and per writer count the fsync/no-fsync throughput ratio.
 *
 * <p>Run after a build ({@code ./mvnw -B verify -pl snapshot-store -am}), from the repository root:
 * <pre>
 * java -cp snapshot-store/target/classes:snapshot-store/target/test-classes:$(cat snapshot-store/target/test-classpath.txt) \
 *   io.snapgrid.snapshot.bench.CommitLogBenchmark --seconds=5 --writers=1,16,64
 * </pre>
 * {@code --dir=PATH} picks the directory written to (default: a new temporary directory, removed afterwards).
 */
public final class CommitLogBenchmark {

    private static final String MAP = "inventory.nodes";

    record Settings(Duration cell, List<Integer> writers, Path dir) {

        static Settings parse(String... args) {
            Settings settings = new Settings(Duration.ofSeconds(5), List.of(1, 16, 64), null);
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                settings = switch (pair[0]) {
                    case "seconds" -> new Settings(Duration.ofMillis((long) (Double.parseDouble(pair[1]) * 1000)),
                            settings.writers, settings.dir);
                    case "writers" -> new Settings(settings.cell, Arrays.stream(pair[1].split(","))
                            .map(Integer::valueOf).toList(), settings.dir);
                    case "dir" -> new Settings(settings.cell, settings.writers, Path.of(pair[1]));
                    default -> throw new IllegalArgumentException("unknown option --" + pair[0]
                            + "; options: --seconds, --writers, --dir");
                };
            }
            return settings;
        }
    }

    /** One measured cell. */
    private record Cell(int writers, boolean fsync, long nanos, CommitLogStats stats, long[] latencies) {

        double appendsPerSecond() {
            return stats.appends() / (nanos / 1e9);
        }

        double latencyMillis(double quantile) {
            return latencies[Math.min(latencies.length - 1, (int) (quantile * latencies.length))] / 1e6;
        }
    }

    private final Settings settings;
    private final Schema schema;
    private final List<String> keys = new ArrayList<>();
    private final List<GenericData.Record> nodes = new ArrayList<>();

    CommitLogBenchmark(Settings settings) {
        this.settings = settings;
        for (Map.Entry<String, GenericData.Record> node : Inventory.nodes(2000).entrySet()) {
            keys.add(node.getKey());
            nodes.add(node.getValue());
        }
        // The generated records' own schema instance, so appends meet the log's cheap identity check.
        this.schema = nodes.get(0).getSchema();
    }

    public static void main(String[] args) throws Exception {
        run(Settings.parse(args), System.out);
    }

    static void run(Settings settings, PrintStream out) throws Exception {
        Path dir = settings.dir() != null ? Files.createDirectories(settings.dir())
                : Files.createTempDirectory("commit-log-benchmark");
        try {
            new CommitLogBenchmark(settings).measure(dir, out);
        } finally {
            if (settings.dir() == null) {
                deleteRecursively(dir);
            }
        }
    }

    private void measure(Path dir, PrintStream out) throws Exception {
        // Warm-up: JIT the append path before the first measured cell.
        cell(dir.resolve("warm-up"), settings.writers().get(settings.writers().size() - 1), false,
                settings.cell().dividedBy(5));
        List<Cell> cells = new ArrayList<>();
        for (int writers : settings.writers()) {
            cells.add(cell(dir.resolve(writers + "-fsync"), writers, true, settings.cell()));
            cells.add(cell(dir.resolve(writers + "-no-fsync"), writers, false, settings.cell()));
        }
        out.printf("Commit log benchmark: generated node rows (%.0f bytes as Avro binary on average), %.1f s per cell,"
                        + " each writer waits for its ack before the next append, Java %s, %d CPUs%n",
                meanAvroBytes(), settings.cell().toMillis() / 1000.0, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        out.printf("%7s %8s %12s %10s %11s %9s %9s%n", "writers", "fsync", "appends/s", "fsyncs/s", "mean batch",
                "p50 ms", "p99 ms");
        for (Cell cell : cells) {
            out.printf("%7d %8s %,12.0f %,10.0f %11.1f %9.3f %9.3f%n", cell.writers(), cell.fsync() ? "on" : "off",
                    cell.appendsPerSecond(), cell.stats().fsyncs() / (cell.nanos() / 1e9), cell.stats().meanBatch(),
                    cell.latencyMillis(0.5), cell.latencyMillis(0.99));
        }
        for (int index = 0; index < cells.size(); index += 2) {
            out.printf("%d writers: fsync on / off = %.0f%% of the throughput without fsync%n", cells.get(index)
                    .writers(), 100 * cells.get(index).appendsPerSecond() / cells.get(index + 1).appendsPerSecond());
        }
    }

    private Cell cell(Path dir, int writers, boolean fsync, Duration duration) throws Exception {
        long[][] latencies = new long[writers][];
        Thread[] threads = new Thread[writers];
        Throwable[] failures = new Throwable[writers];
        long start;
        long nanos;
        CommitLogStats stats;
        try (CommitLog log = CommitLog.open(dir, Map.of(MAP, schema), CommitLogOptions.defaults().withFsync(fsync))) {
            start = System.nanoTime();
            long deadline = start + duration.toNanos();
            for (int writer = 0; writer < writers; writer++) {
                int id = writer;
                threads[writer] = new Thread(() -> {
                    try {
                        latencies[id] = appendUntil(log, id, deadline);
                    } catch (Throwable e) {
                        failures[id] = e;
                    }
                });
                threads[writer].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            nanos = System.nanoTime() - start;
            stats = log.stats();
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a writer failed", failure);
            }
        }
        deleteRecursively(dir);
        return new Cell(writers, fsync, nanos, stats,
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray());
    }

    /** @return the acknowledgement latency of every append, in nanoseconds */
    private long[] appendUntil(CommitLog log, int writer, long deadline) throws IOException, InterruptedException,
            ExecutionException {
        long[] latencies = new long[1024];
        int count = 0;
        Instant commitTime = Instant.now();
        for (long now = System.nanoTime(); now < deadline; ) {
            int index = (writer * 31 + count) % nodes.size();
            log.append(MAP, SnapshotRow.upsert(keys.get(index), count + 1, commitTime, nodes.get(index))).get();
            long acknowledged = System.nanoTime();
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = acknowledged - now;
            now = acknowledged;
        }
        return Arrays.copyOf(latencies, count);
    }

    private double meanAvroBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        for (GenericData.Record node : nodes) {
            writer.write(node, encoder);
        }
        encoder.flush();
        return (double) bytes.size() / nodes.size();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
