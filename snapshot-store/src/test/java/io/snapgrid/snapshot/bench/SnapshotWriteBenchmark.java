package io.snapgrid.snapshot.bench;

import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotFormat;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.ParquetFiles;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The target (docs/benchmarks.md): a full snapshot must write at no less than half the speed of the raw
 * parquet-avro writer on the same records. Writes the same generated nodes (a) with parquet-avro straight to a local file and (b) as a full snapshot
 * through {@link SnapshotWriter} to {@link FileSystemSnapshotStorage}, which adds the meta columns, SHA-256, fsync of
 * file and directory, and the manifest. Both use the same Parquet settings ({@link ParquetFiles}). Records are
 * generated before timing; rounds alternate which writer goes first; the median round is reported. MB/s is the
 * records' size as Avro binary per second, the same numerator for both.
 *
 * <p>Run after a build ({@code ./mvnw -B verify -pl snapshot-store -am}), from the repository root:
 * <pre>
 * java -Xmx3g -cp snapshot-store/target/classes:snapshot-store/target/test-classes:$(cat snapshot-store/target/test-classpath.txt) \
 *   io.snapgrid.snapshot.bench.SnapshotWriteBenchmark --rows=250000 --rounds=9 --warmup=2 --compression=SNAPPY
 * </pre>
 * {@code --dir=PATH} picks the directory written to (default: a new temporary directory, removed afterwards).
 */
public final class SnapshotWriteBenchmark {

    private static final String MAP = "inventory.nodes";
    private static final double MB = 1_000_000.0;

    record Settings(int rows, int rounds, int warmup, SnapshotFormat.Compression compression, Path dir) {

        static Settings parse(String... args) {
            Settings settings = new Settings(250_000, 9, 2, SnapshotFormat.Compression.SNAPPY, null);
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --key=value, got " + arg);
                }
                settings = switch (pair[0]) {
                    case "rows" -> new Settings(Integer.parseInt(pair[1]), settings.rounds, settings.warmup,
                            settings.compression, settings.dir);
                    case "rounds" -> new Settings(settings.rows, Integer.parseInt(pair[1]), settings.warmup,
                            settings.compression, settings.dir);
                    case "warmup" -> new Settings(settings.rows, settings.rounds, Integer.parseInt(pair[1]),
                            settings.compression, settings.dir);
                    case "compression" -> new Settings(settings.rows, settings.rounds, settings.warmup,
                            SnapshotFormat.Compression.valueOf(pair[1]), settings.dir);
                    case "dir" -> new Settings(settings.rows, settings.rounds, settings.warmup, settings.compression,
                            Path.of(pair[1]));
                    default -> throw new IllegalArgumentException("unknown option --" + pair[0]
                            + "; options: --rows, --rounds, --warmup, --compression, --dir");
                };
            }
            return settings;
        }
    }

    /** One timed write: how long it took and how many bytes it left on disk. */
    private record Round(long nanos, long outputBytes) {
    }

    private final Settings settings;
    private final SnapshotFormat format;
    private final List<String> keys = new ArrayList<>();
    private final List<GenericData.Record> nodes = new ArrayList<>();

    SnapshotWriteBenchmark(Settings settings) {
        this.settings = settings;
        this.format = SnapshotFormat.defaults().withCompression(settings.compression());
        for (Map.Entry<String, GenericData.Record> node : Inventory.nodes(settings.rows()).entrySet()) {
            keys.add(node.getKey());
            nodes.add(node.getValue());
        }
    }

    public static void main(String[] args) throws IOException {
        run(Settings.parse(args), System.out);
    }

    static void run(Settings settings, PrintStream out) throws IOException {
        Path dir = settings.dir() != null ? Files.createDirectories(settings.dir())
                : Files.createTempDirectory("snapshot-write-benchmark");
        try {
            new SnapshotWriteBenchmark(settings).measure(dir, out);
        } finally {
            if (settings.dir() == null) {
                deleteRecursively(dir);
            }
        }
    }

    private void measure(Path dir, PrintStream out) throws IOException {
        long avroBytes = avroBytes();
        List<Round> raw = new ArrayList<>();
        List<Round> snapshot = new ArrayList<>();
        for (int round = 0; round < settings.warmup() + settings.rounds(); round++) {
            boolean measured = round >= settings.warmup();
            Path roundDir = Files.createDirectories(dir.resolve("round-" + round));
            // Alternate which writer goes first, so neither always meets a cold page cache or a fresh heap.
            for (int turn = 0; turn < 2; turn++) {
                System.gc();
                if ((turn + round) % 2 == 0) {
                    Round result = writeRaw(roundDir.resolve("raw.parquet"));
                    if (measured) {
                        raw.add(result);
                    }
                } else {
                    Round result = writeSnapshot(roundDir.resolve("store"));
                    if (measured) {
                        snapshot.add(result);
                    }
                }
            }
            deleteRecursively(roundDir);
        }
        Round rawMedian = median(raw);
        Round snapshotMedian = median(snapshot);
        out.printf("Snapshot write benchmark: %,d generated nodes (%.1f MB as Avro binary), %s, row groups of %d MiB,"
                        + " median of %d rounds after %d warm-up, Java %s, %d CPUs%n",
                settings.rows(), avroBytes / MB, settings.compression(), format.rowGroupBytes() >> 20,
                settings.rounds(), settings.warmup(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        out.printf("%-52s %12s %9s %10s %9s%n", "writer", "rows/s", "MB/s", "output MB", "seconds");
        print(out, "(a) raw parquet-avro -> LocalOutputFile", rawMedian, avroBytes);
        print(out, "(b) SnapshotWriter -> FileSystemSnapshotStorage", snapshotMedian, avroBytes);
        out.printf("snapshot / raw: %.0f%% of raw throughput (target: >= 50%%)%n",
                100.0 * rawMedian.nanos() / snapshotMedian.nanos());
        out.printf("rounds (seconds): raw %s, snapshot %s%n", seconds(raw), seconds(snapshot));
    }

    private Round writeRaw(Path file) throws IOException {
        Schema schema = Inventory.NODE.avroSchema();
        long start = System.nanoTime();
        try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(new LocalOutputFile(file), schema, format)
                .build()) {
            for (GenericData.Record node : nodes) {
                writer.write(node);
            }
        }
        return new Round(System.nanoTime() - start, Files.size(file));
    }

    private Round writeSnapshot(Path root) throws IOException {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root);
        Instant commitTime = Instant.now();
        long start = System.nanoTime();
        SnapshotManifest manifest;
        try (PendingSnapshot snapshot = new SnapshotWriter(storage, format)
                .beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            for (int index = 0; index < nodes.size(); index++) {
                snapshot.add(SnapshotRow.upsert(keys.get(index), index + 1, commitTime, nodes.get(index)));
            }
            manifest = snapshot.commit();
        }
        return new Round(System.nanoTime() - start, manifest.byteSize());
    }

    private long avroBytes() throws IOException {
        CountingStream counter = new CountingStream();
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(Inventory.NODE.avroSchema());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(counter, null);
        for (GenericData.Record node : nodes) {
            writer.write(node, encoder);
        }
        encoder.flush();
        return counter.bytes;
    }

    private void print(PrintStream out, String writer, Round round, long avroBytes) {
        double seconds = round.nanos() / 1e9;
        out.printf("%-52s %,12.0f %9.1f %10.1f %9.2f%n", writer, nodes.size() / seconds, avroBytes / MB / seconds,
                round.outputBytes() / MB, seconds);
    }

    private static Round median(List<Round> rounds) {
        List<Round> sorted = rounds.stream().sorted(Comparator.comparingLong(Round::nanos)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<String> seconds(List<Round> rounds) {
        return rounds.stream().map(round -> String.format("%.2f", round.nanos() / 1e9)).toList();
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static final class CountingStream extends OutputStream {

        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
        }
    }
}
