package io.snapgrid.node.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Telemetry load: callers send batches of events along a {@link TelemetryPath}, normally the real one, a POST to
 * {@code /v1/telemetry} of the next member of {@link #target} in turn. Every xname belongs to one caller, which
 * goes round its xnames sending a heartbeat and a temperature for each, timed when the batch is built. A 503 (ingest-unavailable while partitions
 * lack a backup) or a failed connection re-sends the same batch to the next member after 100 ms, as the API asks;
 * events that were written then come back as duplicates. With a rate, callers pace themselves to it, dropping any
 * debt over a second (a source that fell behind skips readings rather than bursting); without one they send as
 * fast as ingest answers.
 */
final class TelemetryLoad implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TelemetryPath path;
    private final List<Caller> callers = new ArrayList<>();
    private volatile boolean running = true;
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final String tag;

    private TelemetryLoad(TelemetryPath path, List<String> xnames, int threads, int batch, int rate) {
        this.path = path;
        tag = Long.toString(System.nanoTime(), 36);
        double perCaller = rate == 0 ? 0 : rate / (double) threads;
        for (int t = 0; t < threads; t++) {
            List<String> own = new ArrayList<>();
            for (int i = t; i < xnames.size(); i += threads) {
                own.add(xnames.get(i));
            }
            callers.add(new Caller(tag + "-" + t, own, Math.max(1, batch / 2), perCaller, t));
        }
        callers.forEach(caller -> caller.thread.start());
    }

    /** Callers posting to {@code /v1/telemetry} of these members, round-robin. */
    static TelemetryLoad start(List<String> restUrls, List<String> xnames, int threads, int batch, int rate) {
        return start(new RestTelemetry(restUrls), xnames, threads, batch, rate);
    }

    static TelemetryLoad start(TelemetryPath path, List<String> xnames, int threads, int batch, int rate) {
        return new TelemetryLoad(path, xnames, threads, batch, rate);
    }

    /** From now on, batches go round-robin to these members only; for a load started with REST URLs. */
    void target(List<String> restUrls) {
        ((RestTelemetry) path).target(restUrls);
    }

    String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        running = false;
        for (Caller caller : callers) {
            caller.thread.interrupt();
            try {
                caller.thread.join(TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Batches completed (202) in [from, to): accepted events and POST latencies. Read after {@link #close}. */
    Sample between(long fromMillis, long toMillis) {
        long events = 0;
        int batches = 0;
        long[] latencies = new long[callers.stream().mapToInt(c -> c.count).sum()];
        for (Caller caller : callers) {
            for (int i = 0; i < caller.count; i++) {
                if (caller.ends[i] >= fromMillis && caller.ends[i] < toMillis) {
                    events += caller.acceptedByBatch[i];
                    latencies[batches++] = caller.latencies[i];
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, batches);
        Arrays.sort(sorted);
        return new Sample(toMillis - fromMillis, events, sorted);
    }

    /**
     * Every id of every event in a batch that was answered 202 (accepted or reported a duplicate of an earlier
     * attempt, so stored either way). Read after {@link #close}.
     */
    void forEachAcknowledgedId(java.util.function.Consumer<String> id) {
        for (Caller caller : callers) {
            for (int i = 0; i < caller.count; i++) {
                for (long s = caller.firstSequences[i]; s < caller.firstSequences[i] + 2L * caller.nodesPerBatch; s++) {
                    id.accept(caller.idPrefix + '-' + s);
                }
            }
        }
    }

    /** The prefix every id of this load starts with. */
    String idPrefix() {
        return tag;
    }

    /** Accepted events and batch latencies (nanoseconds, sorted) of one interval. */
    record Sample(long millis, long events, long[] sortedLatencies) {

        double eventsPerSecond() {
            return events * 1000.0 / millis;
        }

        long percentile(double percent) {
            return LatencyRecorder.percentile(sortedLatencies, percent);
        }
    }

    private final class Caller implements Runnable {

        final Thread thread;
        private final String idPrefix;
        private final List<String> xnames;
        private final int nodesPerBatch;
        private final double eventsPerSecond;
        private final int offset;
        private long sequence;
        private int next;
        private int attempts;
        private final java.util.SplittableRandom random;
        // Written by this caller only, read after it was joined.
        long[] ends = new long[1024];
        long[] latencies = new long[1024];
        int[] acceptedByBatch = new int[1024];
        long[] firstSequences = new long[1024];
        int count;

        Caller(String idPrefix, List<String> xnames, int nodesPerBatch, double eventsPerSecond, int offset) {
            this.idPrefix = idPrefix;
            this.xnames = xnames;
            this.nodesPerBatch = nodesPerBatch;
            this.eventsPerSecond = eventsPerSecond;
            this.offset = offset;
            this.attempts = offset;
            this.random = new java.util.SplittableRandom(offset);
            this.thread = new Thread(this, "telemetry-load-" + offset);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long nextSend = System.nanoTime();
            while (running && !xnames.isEmpty()) {
                if (eventsPerSecond > 0) {
                    long now = System.nanoTime();
                    if (nextSend - now > 0) {
                        LockSupport.parkNanos(nextSend - now);
                        if (!running) {
                            return;
                        }
                    } else if (now - nextSend > 1_000_000_000L) {
                        nextSend = now;
                    }
                }
                long first = sequence;
                int events = send(batch(), first);
                if (eventsPerSecond > 0) {
                    nextSend += (long) (events / eventsPerSecond * 1e9);
                }
            }
        }

        private TelemetryPath.Batch batch() {
            long time = System.currentTimeMillis();
            TelemetryPath.Batch batch = path.newBatch(2 * nodesPerBatch);
            for (int i = 0; i < nodesPerBatch; i++) {
                String xname = xnames.get(next);
                next = (next + 1) % xnames.size();
                batch.add(idPrefix + '-' + sequence++, xname, "heartbeat", null, time);
                // One decimal, without String.format's cost: these callers share the members' CPU.
                batch.add(idPrefix + '-' + sequence++, xname, "temperature",
                        Math.round(350 + random.nextDouble(300)) / 10.0, time);
            }
            return batch;
        }

        /** Sends until a 202, a 400 or the end of the run; returns the number of events in the batch. */
        private int send(TelemetryPath.Batch batch, long firstSequence) {
            int events = 2 * nodesPerBatch;
            while (running) {
                int attempt = attempts++;
                long started = System.nanoTime();
                try {
                    TelemetryPath.Answer answer = path.send(batch, attempt);
                    long latency = System.nanoTime() - started;
                    if (answer.status() == 202) {
                        accepted.addAndGet(answer.accepted());
                        duplicates.addAndGet(answer.duplicates());
                        rejected.addAndGet(answer.rejected());
                        note(System.currentTimeMillis(), latency, answer.accepted(), firstSequence);
                        return events;
                    }
                    if (answer.status() == 503) {
                        unavailable.incrementAndGet();
                    } else {
                        failed(path.target(attempt) + " answered " + answer.status() + ": "
                                + abbreviate(answer.body()));
                        if (answer.status() == 400 || answer.status() == 413) {
                            return events; // re-sending cannot help
                        }
                    }
                } catch (IOException e) {
                    failed(path.target(attempt) + ": " + e);
                } catch (InterruptedException e) {
                    return events;
                }
                LockSupport.parkNanos(100_000_000L);
            }
            return events;
        }

        private void failed(String what) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, what);
        }

        private void note(long endMillis, long latencyNanos, int written, long firstSequence) {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
                acceptedByBatch = Arrays.copyOf(acceptedByBatch, count * 2);
                firstSequences = Arrays.copyOf(firstSequences, count * 2);
            }
            ends[count] = endMillis;
            latencies[count] = latencyNanos;
            acceptedByBatch[count] = written;
            firstSequences[count] = firstSequence;
            count++;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
