package io.snapgrid.snapshot.bench;

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
class SortCostBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsBothWritersAndReportsTheirRatio() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SortCostBenchmark.Figures figures = SortCostBenchmark.run(new SortCostBenchmark.Settings(200, 2, 1, 0, dir),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("(a) sorted by key") && report.contains("(b) arrival order")
                && report.contains("sorted / arrival:"), report);
        assertTrue(figures.sortedBytes() > 0 && figures.arrivalBytes() > 0, report);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the benchmark removes the deltas it wrote");
        }
    }
}
