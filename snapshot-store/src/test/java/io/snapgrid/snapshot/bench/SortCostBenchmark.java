package io.snapgrid.snapshot.bench;

import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotFormat;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.KeySortedRun;
import io.snapgrid.snapshot.impl.RowSchema;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What writing rows sorted by key costs on the write path (a weak flush, a commit-log roll, a compaction: all write
 * through {@link PendingSnapshot}), against the arrival-order writer, in one run. A day's delta is generated before
 * timing: every one of {@code --nodes} nodes changes {@code --changes} times, in a shuffled order, as many writers'
 * changes arrive. It is written as a delta (a) as shipped, sorted in runs of {@code SnapshotFormat.sortRunBytes}, and
 * (b) with runs of one row, which is arrival order through the same writer (each row still held encoded and decoded
 * once); (h) times the holding alone, every row encoded into one {@link KeySortedRun}, sorted and decoded, no
 * Parquet. Rounds alternate which writer goes first; medians are reported, nothing asserted about time.
 *
 * <pre>
 * java -Xmx4g -cp snapshot-store/target/classes:snapshot-store/target/test-classes:$(cat snapshot-store/target/test-classpath.txt) \
 *   io.snapgrid.snapshot.bench.SortCostBenchmark --nodes=50000 --changes=3 --rounds=5 --warmup=1
 * </pre>
 */
public final class SortCostBenchmark {

    private static final String MAP = "inventory.nodes";

    record Settings(int nodes, int changes, int rounds, int warmup, Path dir) {

        static Settings parse(String... args) throws IOException {
            int nodes = 50_000;
            int changes = 3;
            int rounds = 5;
            int warmup = 1;
            Path dir = null;
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                switch (pair[0]) {
                    case "nodes" -> nodes = Integer.parseInt(pair[1]);
                    case "changes" -> changes = Integer.parseInt(pair[1]);
                    case "rounds" -> rounds = Integer.parseInt(pair[1]);
                    case "warmup" -> warmup = Integer.parseInt(pair[1]);
                    case "dir" -> dir = Path.of(pair[1]);
                    default -> throw new IllegalArgumentException("unknown option --" + pair[0]
                            + "; options: --nodes, --changes, --rounds, --warmup, --dir");
                }
            }
            return new Settings(nodes, changes, rounds, warmup,
                    dir != null ? dir : Files.createTempDirectory("sort-cost-benchmark"));
        }
    }

    /** Medians: seconds of each writer and of the holding alone, bytes of each delta. */
    record Figures(double sortedSeconds, double arrivalSeconds, double holdSeconds, long sortedBytes,
                   long arrivalBytes) {

        double sortedOverArrival() {
            return sortedSeconds / arrivalSeconds;
        }
    }

    public static void main(String[] args) throws IOException {
        run(Settings.parse(args), System.out);
    }

    static Figures run(Settings settings, PrintStream out) throws IOException {
        List<SnapshotRow> rows = dayOfChanges(settings);
        SnapshotFormat sorted = SnapshotFormat.defaults();
        SnapshotFormat arrival = sorted.withSortRunBytes(1);
        List<double[]> sortedRounds = new ArrayList<>();
        List<double[]> arrivalRounds = new ArrayList<>();
        List<Double> holdRounds = new ArrayList<>();
        for (int round = 0; round < settings.warmup() + settings.rounds(); round++) {
            boolean measured = round >= settings.warmup();
            for (int turn = 0; turn < 2; turn++) {
                System.gc();
                boolean sortedTurn = (turn + round) % 2 == 0;
                double[] result = write(settings.dir().resolve("round-" + round + "-" + turn),
                        sortedTurn ? sorted : arrival, rows);
                if (measured) {
                    (sortedTurn ? sortedRounds : arrivalRounds).add(result);
                }
            }
            double hold = hold(rows);
            if (measured) {
                holdRounds.add(hold);
            }
        }
        double[] sortedMedian = median(sortedRounds);
        double[] arrivalMedian = median(arrivalRounds);
        Collections.sort(holdRounds);
        Figures figures = new Figures(sortedMedian[0], arrivalMedian[0], holdRounds.get(holdRounds.size() / 2),
                (long) sortedMedian[1], (long) arrivalMedian[1]);
        out.printf("Sort cost benchmark: a delta of %,d rows (%,d nodes x %d changes, shuffled), sort runs of %d MiB,"
                        + " median of %d rounds after %d warm-up, Java %s, %d CPUs%n", rows.size(), settings.nodes(),
                settings.changes(), sorted.sortRunBytes() >> 20, settings.rounds(), settings.warmup(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.printf("(a) sorted by key (as shipped):        %7.2f s  %,12d bytes%n", figures.sortedSeconds(),
                figures.sortedBytes());
        out.printf("(b) arrival order (runs of one row):   %7.2f s  %,12d bytes%n", figures.arrivalSeconds(),
                figures.arrivalBytes());
        out.printf("(h) holding alone (encode, sort, decode): %4.2f s%n", figures.holdSeconds());
        out.printf("sorted / arrival: %.2fx the time, %.2fx the bytes%n", figures.sortedOverArrival(),
                (double) figures.sortedBytes() / figures.arrivalBytes());
        return figures;
    }

    /** Each node's changes in a random order of nodes per change, as concurrent writers deliver them. */
    private static List<SnapshotRow> dayOfChanges(Settings settings) {
        List<Map.Entry<String, GenericData.Record>> nodes = new ArrayList<>(Inventory.nodes(settings.nodes())
                .entrySet());
        Schema state = Inventory.NODE.avroSchema().getField("state").schema();
        Random random = new Random(42);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<SnapshotRow> rows = new ArrayList<>();
        long revision = 0;
        for (int change = 0; change < settings.changes(); change++) {
            Collections.shuffle(nodes, random);
            for (Map.Entry<String, GenericData.Record> node : nodes) {
                GenericData.Record value = GenericData.get().deepCopy(node.getValue().getSchema(), node.getValue());
                value.put("state", new GenericData.EnumSymbol(state,
                        state.getEnumSymbols().get(random.nextInt(state.getEnumSymbols().size()))));
                rows.add(SnapshotRow.upsert(node.getKey(), ++revision, start.plusMillis(revision), value));
            }
        }
        return rows;
    }

    /** @return seconds and the delta's bytes */
    private static double[] write(Path root, SnapshotFormat format, List<SnapshotRow> rows) throws IOException {
        long began = System.nanoTime();
        SnapshotManifest manifest;
        try (PendingSnapshot delta = new SnapshotWriter(new FileSystemSnapshotStorage(root), format)
                .beginDelta(MAP, Inventory.NODE.avroSchema())) {
            for (SnapshotRow row : rows) {
                delta.add(row);
            }
            manifest = delta.commit();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        SnapshotWriteBenchmark.deleteRecursively(root);
        return new double[] {seconds, manifest.byteSize()};
    }

    private static double hold(List<SnapshotRow> rows) throws IOException {
        RowSchema rowSchema = RowSchema.of(Inventory.NODE.avroSchema());
        GenericData.Record row = new GenericData.Record(rowSchema.schema());
        long began = System.nanoTime();
        KeySortedRun run = new KeySortedRun(rowSchema.schema());
        for (SnapshotRow snapshotRow : rows) {
            run.add(snapshotRow.key(), rowSchema.fill(row, snapshotRow));
        }
        long[] drained = {0};
        run.drain(sortedRow -> drained[0]++);
        return (System.nanoTime() - began) / 1e9;
    }

    private static double[] median(List<double[]> rounds) {
        List<double[]> byTime = rounds.stream().sorted(Comparator.comparingDouble(round -> round[0])).toList();
        return byTime.get(byTime.size() / 2);
    }
}
