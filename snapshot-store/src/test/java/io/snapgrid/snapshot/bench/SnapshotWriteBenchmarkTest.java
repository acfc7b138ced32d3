package io.snapgrid.snapshot.bench;

import io.snapgrid.snapshot.SnapshotFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the benchmark working; a few rows, and nothing asserted about time. */
@Tag("benchmark")
class SnapshotWriteBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsAndReportsBothWritersAndTheirRatio() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriteBenchmark.run(new SnapshotWriteBenchmark.Settings(500, 1, 0, SnapshotFormat.Compression.ZSTD,
                dir.resolve("bench")), new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("(a) raw parquet-avro") && report.contains("(b) SnapshotWriter")
                && report.contains("snapshot / raw:"), report);
        try (var left = Files.list(dir.resolve("bench"))) {
            assertEquals(0, left.count(), "the benchmark cleans up its rounds");
        }
    }

    @Test
    void optionsAreParsed() {
        assertEquals(new SnapshotWriteBenchmark.Settings(1000, 5, 0, SnapshotFormat.Compression.UNCOMPRESSED,
                        Path.of("/tmp/x")),
                SnapshotWriteBenchmark.Settings.parse("--rows=1000", "--rounds=5", "--warmup=0",
                        "--compression=UNCOMPRESSED", "--dir=/tmp/x"));
    }
}
