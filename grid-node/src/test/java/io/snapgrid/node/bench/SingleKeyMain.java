package io.snapgrid.node.bench;

/** The command line of the single-key benchmarks (REST against client, near cache): options, one run, its report. */
final class SingleKeyMain {

    /** One run of a benchmark; it never exits the JVM, so tests can call it too. */
    interface Benchmark {
        Report run(Options options) throws InterruptedException;
    }

    private SingleKeyMain() {
    }

    /** Exits 64 on bad arguments, 1 when an operation failed or the run did not complete, never because of speed. */
    static void run(String[] args, Benchmark benchmark) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        int status = 1;
        try {
            Report report = benchmark.run(options);
            report.print(System.out);
            status = report.errors() == 0 ? 0 : 1;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            // Hazelcast and Netty leave non-daemon threads behind even after a clean shutdown.
            System.exit(status);
        }
    }
}
