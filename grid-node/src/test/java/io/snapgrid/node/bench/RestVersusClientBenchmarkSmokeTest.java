package io.snapgrid.node.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the benchmark runnable: a short run must produce every cell without errors. It deliberately says nothing
 * about speed, which depends on the machine.
 */
@Tag("benchmark")
class RestVersusClientBenchmarkSmokeTest {

    private static final List<String> BOTH = List.of(RestVersusClientBenchmark.REST, RestVersusClientBenchmark.CLIENT);

    @Test
    void shortRunMeasuresEveryCellWithoutErrors() throws Exception {
        Report report = RestVersusClientBenchmark.run(Options.parse("--seconds=1", "--warmup=0", "--keys=200"));
        report.print(System.out);

        assertEquals(14, report.cells().size());
        for (Op op : Op.values()) {
            for (int callers : new int[] {1, 16}) {
                List<String> transports = new ArrayList<>(BOTH);
                if (op == Op.GET) {
                    transports.add(RestVersusClientBenchmark.FLOOR);
                    transports.add(RestVersusClientBenchmark.READ_FLOOR);
                    transports.add(RestVersusClientBenchmark.OWNER_READ_FLOOR);
                }
                for (String transport : transports) {
                    Cell cell = report.cell(op, callers, transport)
                            .orElseThrow(() -> new AssertionError("no cell " + op + " " + callers + " " + transport));
                    assertTrue(cell.ops() > 0, () -> "no operations in " + cell);
                    assertEquals(0, cell.errors(), () -> "errors in " + cell);
                }
            }
        }
    }
}
