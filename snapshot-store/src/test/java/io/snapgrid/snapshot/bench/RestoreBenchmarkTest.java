package io.snapgrid.snapshot.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the benchmark working; a few rows, and nothing asserted about time. */
@Tag("benchmark")
class RestoreBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsAndReportsBothAndTheirRatio() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreBenchmark.run(new RestoreBenchmark.Settings(500, 2, 1, dir.resolve("bench")),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("(a) HashMap") && report.contains("(b) SnapshotRestore")
                && report.contains("restore / in-memory:") && report.contains("restore: inventory.nodes"), report);
        assertTrue(report.contains("; 495 live entries;"), report);
    }

    @Test
    void optionsAreParsed() {
        assertEquals(new RestoreBenchmark.Settings(1000, 4, 2, Path.of("/tmp/x")),
                RestoreBenchmark.Settings.parse("--rows=1000", "--deltas=4", "--rounds=2", "--dir=/tmp/x"));
    }
}
