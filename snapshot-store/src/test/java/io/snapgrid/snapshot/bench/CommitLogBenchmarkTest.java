package io.snapgrid.snapshot.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the benchmark working; short cells, and nothing asserted about time. */
@Tag("benchmark")
class CommitLogBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void theBenchmarkRunsAndReportsEveryCellAndTheRatios() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommitLogBenchmark.run(new CommitLogBenchmark.Settings(Duration.ofMillis(200), List.of(1, 4),
                dir.resolve("bench")), new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("1 writers: fsync on / off") && report.contains("4 writers: fsync on / off")
                && report.contains("mean batch"), report);
        try (var left = Files.list(dir.resolve("bench"))) {
            assertEquals(0, left.count(), "the benchmark cleans up its logs");
        }
    }

    @Test
    void optionsAreParsed() {
        assertEquals(new CommitLogBenchmark.Settings(Duration.ofMillis(2500), List.of(2, 8), Path.of("/tmp/x")),
                CommitLogBenchmark.Settings.parse("--seconds=2.5", "--writers=2,8", "--dir=/tmp/x"));
    }
}
