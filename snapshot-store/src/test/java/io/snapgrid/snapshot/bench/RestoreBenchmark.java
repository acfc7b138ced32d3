package io.snapgrid.snapshot.bench;

import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.RestorePlan;
import io.snapgrid.snapshot.RestoreProgress;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How fast a map comes back from its snapshots: writes generated nodes as one full snapshot and a few deltas (each
 * changing a tenth of the nodes, the last also deleting a hundredth), then times (a) building the same
 * {@code HashMap} straight from the in-memory rows, the floor any restore is measured against, and (b) a
 * {@link SnapshotRestore} into a sink that puts into a {@code HashMap}: plan (verification: SHA-256 and footers of
 * every file) plus load. Rounds alternate which goes first; the median round is reported. Rows/s count the rows of
 * the data files and MB/s their bytes, the same numerators for both. Nothing is asserted about time.
 *
 * <p>Run after a build ({@code ./mvnw -B verify -pl snapshot-store -am}), from the repository root:
 * <pre>
 * java -Xmx3g -cp snapshot-store/target/classes:snapshot-store/target/test-classes:$(cat snapshot-store/target/test-classpath.txt) \
 *   io.snapgrid.snapshot.bench.RestoreBenchmark --rows=250000 --deltas=3 --rounds=5
 * </pre>
 * {@code --dir=PATH} picks the directory written to, which must hold no snapshots yet (default: a new temporary
 * directory, removed afterwards).
 */
public final class RestoreBenchmark {

    private static final String MAP = "inventory.nodes";
    private static final Schema NODE = Inventory.NODE.avroSchema();
    private static final double MB = 1_000_000.0;

    record Settings(int rows, int deltas, int rounds, Path dir) {

        static Settings parse(String... args) {
            Settings settings = new Settings(250_000, 3, 5, null);
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                settings = switch (pair[0]) {
                    case "rows" -> new Settings(Integer.parseInt(pair[1]), settings.deltas, settings.rounds,
                            settings.dir);
                    case "deltas" -> new Settings(settings.rows, Integer.parseInt(pair[1]), settings.rounds,
                            settings.dir);
                    case "rounds" -> new Settings(settings.rows, settings.deltas, Integer.parseInt(pair[1]),
                            settings.dir);
                    case "dir" -> new Settings(settings.rows, settings.deltas, settings.rounds, Path.of(pair[1]));
                    default -> throw new IllegalArgumentException("unknown option --" + pair[0]
                            + "; options: --rows, --deltas, --rounds, --dir");
                };
            }
            return settings;
        }
    }

    /** The snapshots to write, in order, as the rows they hold. */
    private final List<List<SnapshotRow>> snapshots = new ArrayList<>();
    private final Settings settings;

    RestoreBenchmark(Settings settings) {
        this.settings = settings;
        List<SnapshotRow> full = new ArrayList<>();
        Instant commitTime = Instant.parse("2026-11-01T03:00:00Z");
        for (Map.Entry<String, GenericData.Record> node : Inventory.nodes(settings.rows()).entrySet()) {
            full.add(SnapshotRow.upsert(node.getKey(), 1, commitTime, node.getValue()));
        }
        snapshots.add(full);
        Schema.Field state = NODE.getField("state");
        for (int delta = 0; delta < settings.deltas(); delta++) {
            List<SnapshotRow> rows = new ArrayList<>();
            long revision = 2 + delta;
            for (int index = delta; index < full.size(); index += 10) {
                GenericData.Record changed = GenericData.get().deepCopy(NODE, (GenericData.Record) full.get(index)
                        .value());
                changed.put(state.pos(), new GenericData.EnumSymbol(state.schema(), delta % 2 == 0 ? "Halt" : "On"));
                rows.add(SnapshotRow.upsert(full.get(index).key(), revision, commitTime, changed));
            }
            if (delta == settings.deltas() - 1) {
                for (int index = 5; index < full.size(); index += 100) {
                    rows.add(SnapshotRow.delete(full.get(index).key(), revision, commitTime));
                }
            }
            snapshots.add(rows);
        }
    }

    public static void main(String[] args) throws IOException {
        run(Settings.parse(args), System.out);
    }

    static void run(Settings settings, PrintStream out) throws IOException {
        Path dir = settings.dir() != null ? Files.createDirectories(settings.dir())
                : Files.createTempDirectory("restore-benchmark");
        try {
            new RestoreBenchmark(settings).measure(dir, out);
        } finally {
            if (settings.dir() == null) {
                deleteRecursively(dir);
            }
        }
    }

    private void measure(Path dir, PrintStream out) throws IOException {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        write(storage);
        SnapshotRestore restore = new SnapshotRestore(storage);
        RestoreStatus.Amount files = restore.plan().total();
        List<Long> baseline = new ArrayList<>();
        List<Long> restored = new ArrayList<>();
        List<Long> planned = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        int entries = 0;
        // One unmeasured round first, so neither meets a cold JIT.
        for (int round = -1; round < settings.rounds(); round++) {
            for (int turn = 0; turn < 2; turn++) {
                System.gc();
                long start = System.nanoTime();
                Map<String, GenericRecord> map = new HashMap<>();
                if ((turn + round) % 2 == 0) {
                    buildInMemory(map);
                    record(round, baseline, System.nanoTime() - start);
                } else {
                    RestorePlan plan = restore.plan();
                    long planNanos = System.nanoTime() - start;
                    RestoreProgress log = round == settings.rounds() - 1 ? status -> progress.add(status.toString())
                            : RestoreProgress.NONE;
                    restore.restore(plan, (name, rows) -> rows.forEach(row -> map.put(row.key(), row.value())), log);
                    record(round, restored, System.nanoTime() - start);
                    record(round, planned, planNanos);
                }
                if (entries != 0 && entries != map.size()) {
                    throw new IllegalStateException("restore loaded " + map.size() + " entries, memory " + entries);
                }
                entries = map.size();
            }
        }
        out.printf("Restore benchmark: %,d generated nodes as 1 full + %d deltas: %,d rows, %.1f MB of Parquet"
                        + " (Snappy); %,d live entries; median of %d rounds after 1 warm-up, Java %s, %d CPUs%n",
                settings.rows(), settings.deltas(), files.rows(), files.bytes() / MB, entries, settings.rounds(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.printf("%-56s %12s %9s %9s%n", "", "rows/s", "MB/s", "seconds");
        print(out, "(a) HashMap built from the in-memory rows", median(baseline), files);
        print(out, "(b) SnapshotRestore plan + restore into a HashMap", median(restored), files);
        out.printf("    of which plan (verify SHA-256, footers, chain): %.2f s%n", median(planned) / 1e9);
        out.printf("restore / in-memory: %.1fx the time%n", (double) median(restored) / median(baseline));
        out.printf("rounds (seconds): in-memory %s, restore %s%n", seconds(baseline), seconds(restored));
        out.printf("progress of the last round: %s%n", String.join(" | ", progress));
    }

    private void write(FileSystemSnapshotStorage storage) throws IOException {
        SnapshotWriter writer = new SnapshotWriter(storage);
        for (List<SnapshotRow> rows : snapshots) {
            try (PendingSnapshot snapshot = rows == snapshots.get(0) ? writer.beginFull(MAP, NODE, null)
                    : writer.beginDelta(MAP, NODE)) {
                for (SnapshotRow row : rows) {
                    snapshot.add(row);
                }
                snapshot.commit();
            }
        }
    }

    private void buildInMemory(Map<String, GenericRecord> map) {
        for (List<SnapshotRow> rows : snapshots) {
            for (SnapshotRow row : rows) {
                if (row.value() == null) {
                    map.remove(row.key());
                } else {
                    map.put(row.key(), row.value());
                }
            }
        }
    }

    private static void record(int round, List<Long> rounds, long nanos) {
        if (round >= 0) {
            rounds.add(nanos);
        }
    }

    private static void print(PrintStream out, String what, long nanos, RestoreStatus.Amount files) {
        double seconds = nanos / 1e9;
        out.printf("%-56s %,12.0f %9.1f %9.3f%n", what, files.rows() / seconds, files.bytes() / MB / seconds,
                seconds);
    }

    private static long median(List<Long> rounds) {
        return rounds.stream().sorted().toList().get(rounds.size() / 2);
    }

    private static List<String> seconds(List<Long> rounds) {
        return rounds.stream().map(nanos -> String.format("%.3f", nanos / 1e9)).toList();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
