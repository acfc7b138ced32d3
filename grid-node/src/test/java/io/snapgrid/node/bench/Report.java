package io.snapgrid.node.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * All cells of one run, with what is needed to judge them: where they ran and with which settings, and the ratio of
 * each other transport's figures to the {@code baseline}'s.
 */
record Report(String environment, String settings, String baseline, List<Cell> cells) {

    /** The first line of a report: the JVM and machine of the run, and what shared them. */
    static String environment(String sharingThisJvm) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "JVM: %s %s (%s), %s %s, %d cores, max heap %d MB; %s share this JVM",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024), sharingThisJvm);
    }

    long errors() {
        return cells.stream().mapToLong(Cell::errors).sum();
    }

    Optional<Cell> cell(Op op, int callers, String transport) {
        return cells.stream()
                .filter(c -> c.op() == op && c.callers() == callers && c.transport().equals(transport))
                .findFirst();
    }

    void print(PrintStream out) {
        out.println(environment);
        out.println(settings);
        out.println();
        out.printf(Locale.ROOT, "%-4s %7s  %-10s %12s %10s %10s %10s %7s%n",
                "op", "callers", "transport", "ops/s", "p50 µs", "p99 µs", "max µs", "errors");
        for (Cell c : cells) {
            out.printf(Locale.ROOT, "%-4s %7d  %-10s %,12.0f %,10.1f %,10.1f %,10.1f %7d%n",
                    c.op(), c.callers(), c.transport(), c.opsPerSecond(), micros(c.p50Nanos()),
                    micros(c.p99Nanos()), micros(c.maxNanos()), c.errors());
        }
        cells.stream().map(Cell::transport).filter(transport -> !transport.equals(baseline)).distinct()
                .forEach(compared -> printRatios(out, compared));
        cells.stream().filter(c -> c.errors() > 0).forEach(c -> out.printf(Locale.ROOT,
                "%nerrors in %s %d %s: %d, the first: %s%n", c.op(), c.callers(), c.transport(), c.errors(),
                c.firstError()));
    }

    private void printRatios(PrintStream out, String compared) {
        out.println();
        out.println(compared + " / " + baseline + ", from the adjacent runs of each pair:");
        out.printf(Locale.ROOT, "%-4s %7s  %10s %10s%n", "op", "callers", "ops/s", "p50");
        cells.stream().filter(c -> c.transport().equals(compared)).forEach(measured ->
                cell(measured.op(), measured.callers(), baseline).ifPresent(base ->
                        out.printf(Locale.ROOT, "%-4s %7d  %10s %10s%n", measured.op(), measured.callers(),
                                ratio(measured.opsPerSecond(), base.opsPerSecond()),
                                ratio(measured.p50Nanos(), base.p50Nanos()))));
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    private static String ratio(double numerator, double denominator) {
        // Three significant digits, not two decimals: a near-cache hit's p50 is about a thousandth of a remote read's.
        return denominator == 0 ? "n/a" : String.format(Locale.ROOT, "%.3gx", numerator / denominator);
    }
}
