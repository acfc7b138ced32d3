package io.snapgrid.node.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the durability benchmark runnable: a tiny run of all three parts must measure every cell, restore every
 * record and write without errors. It says nothing about speed, which depends on the machine.
 */
@Tag("benchmark")
class DurabilityBenchmarkSmokeTest {

    @Test
    void tinyRunOfEveryPartCompletesWithoutErrors() throws Exception {
        DurabilityBenchmark.Result result = DurabilityBenchmark.run(DurabilityOptions.parse("--seconds=1",
                "--warmup=0", "--writers=1,4", "--keys=300", "--weak-interval=1s", "--restore-nodes=500",
                "--putall-batch=100", "--sustained=3s", "--report-every=1s", "--sustained-writers=2",
                "--coordination-interval=1s"), System.out);

        assertEquals(6, result.cells().size());
        for (PutCell cell : result.cells()) {
            assertTrue(cell.ops() > 0, () -> "no puts in " + cell);
            assertEquals(0, cell.errors(), () -> "errors in " + cell);
            if (cell.map().equals(DurabilityClasses.STRONG)) {
                assertNotNull(cell.log(), () -> "no commit log figures in " + cell);
                assertTrue(cell.log().fsyncs() > 0, () -> "strong puts without an fsync in " + cell);
            }
        }
        assertNotNull(result.restore());
        assertEquals(500, result.restore().restoredEntries());
        assertEquals(0, result.sustainedErrors());
    }
}
