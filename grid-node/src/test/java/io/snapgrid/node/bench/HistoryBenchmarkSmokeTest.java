package io.snapgrid.node.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps bench-history runnable with tiny sizes; says nothing about speed. */
@Tag("benchmark")
class HistoryBenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void tinyRunAnswersEveryQuestion() throws Exception {
        HistoryBenchmark.Figures figures = HistoryBenchmark.run(HistoryBenchmark.Settings.parse("--nodes=40",
                "--days=9", "--changes-per-day=2", "--moves-per-day=0.2", "--full-every=3", "--repeat=1",
                "--dir=" + dir), System.out);
        assertEquals(1 + 9 * 2, figures.keyVersions(), "the first full's version and two changes a day");
        assertTrue(figures.rackEntries() > 0);
        assertTrue(figures.serialVersions() >= 1);
        assertTrue(figures.historyBytes() > 0 && figures.changedBytes() > 0);

        HistoryBenchmark.Figures reread = HistoryBenchmark.run(HistoryBenchmark.Settings.parse("--reads-only=true",
                "--repeat=1", "--dir=" + dir), System.out);
        assertEquals(1 + 9 * 2, reread.keyVersions(), "another node, as many versions");
        assertTrue(reread.rackEntries() > 0 && reread.serialVersions() >= 1);
    }
}
