package io.snapgrid.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one cell: closed-loop callers, each issuing its next operation as soon as the last one returns, on keys
 * picked at random. Every caller works to the same deadlines, so warm-up and measurement cover the same window
 * for all of them.
 */
final class CellRunner {

    private final Options options;
    private final int keys;

    CellRunner(Options options, int keys) {
        this.options = options;
        this.keys = keys;
    }

    Cell run(Transport transport, Op op, int callers) throws InterruptedException {
        long measureFrom = System.nanoTime() + options.warmupSeconds() * 1_000_000_000L;
        long until = measureFrom + options.seconds() * 1_000_000_000L;
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        for (int caller = 0; caller < callers; caller++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            int index = caller;
            // A seed per caller makes the key sequences repeatable, yet different between callers.
            SplittableRandom random = new SplittableRandom(31L * callers + caller);
            Thread thread = new Thread(() -> {
                long started;
                while ((started = System.nanoTime()) < until && !Thread.currentThread().isInterrupted()) {
                    try {
                        transport.call(op, random.nextInt(keys), index);
                        if (started >= measureFrom) {
                            recorder.record(System.nanoTime() - started);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, String.valueOf(e));
                    }
                }
            }, "bench-" + transport.name() + "-" + op + "-" + caller);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] sorted = LatencyRecorder.sortedUnion(recorders);
        return new Cell(op, callers, transport.name(), sorted.length, sorted.length / (double) options.seconds(),
                LatencyRecorder.percentile(sorted, 50), LatencyRecorder.percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], errors.get(), firstError.get());
    }
}
