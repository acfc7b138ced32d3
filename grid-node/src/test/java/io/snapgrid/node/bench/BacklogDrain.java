package io.snapgrid.node.bench;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * The node-health job's intake with nothing else running, {@link IngestBenchmark}'s {@code --backlog=N} mode. The
 * job is suspended (Jet takes its terminal snapshot), the callers write N events through REST ingest and stop, and
 * the job is resumed: it replays the journal from where its snapshot left it, with every core free for it. Its own
 * count of events taken in is read every 100 ms (Jet's metrics are collected every second in this mode), and the
 * rate from its first count to 90% of the backlog is the most the job takes in on this machine. Beside ingest it
 * can only take in less, so ingest cannot be held to a rate above it with the job keeping up.
 * <p>
 * The backlog's events carry the times they were written at, so the job closes the windows a live stream would have
 * closed, one result per known node each slide, while its count of events stands still. How many slides fall before
 * the 90% depends on how long the backlog took to write, so the count series is printed too: its pauses are the
 * slides' cost, its runs the events'.
 */
final class BacklogDrain {

    /** How long writing the backlog, and then draining it, may take: a minute plus 0.5 ms per event. */
    private static Duration limit(int events) {
        return Duration.ofSeconds(60).plusNanos(events * 500_000L);
    }

    /**
     * The drain as measured: the load that wrote the backlog (closed) and its batches, then the job's rate from its
     * first count to 90% of the backlog, its rate from the resume to 90% (which includes Jet restoring the job),
     * and the seconds from the resume to that first count and from there to 90%.
     * {@code drained}: the job got to 90% within the limit. The rate is -1 when it did not, or when its first count
     * was already 90% (a backlog too small to time with counts collected every second).
     */
    record Drain(TelemetryLoad load, TelemetryLoad.Sample writes, boolean drained, double eventsPerSecond,
                 double fromResumePerSecond, double restartSeconds, double drainSeconds, long deadLetters) {
    }

    private BacklogDrain() {
    }

    static Drain run(TestCluster cluster, Http jobsApi, Supplier<TelemetryLoad> startLoad, int events,
                     PrintStream out) throws InterruptedException {
        Job job = cluster.client().getJet().getJob(JobCatalogue.NODE_HEALTH_JOB);
        job.suspend();
        await("node-health SUSPENDED").atMost(Duration.ofSeconds(120))
                .until(() -> job.getStatus() == JobStatus.SUSPENDED);

        long started = System.currentTimeMillis();
        TelemetryLoad load = startLoad.get();
        try {
            await("a backlog of " + events + " events").atMost(limit(events)).pollInterval(Duration.ofMillis(100))
                    .until(() -> load.accepted.get() >= events || load.failures.get() > 0);
        } finally {
            load.close();
        }
        long written = System.currentTimeMillis();
        TelemetryLoad.Sample writes = load.between(started, written + 1);
        long backlog = load.accepted.get();
        out.printf(Locale.ROOT, "backlog: %,d events accepted in %.1f s (%,.0f events/s) with node-health suspended%n",
                backlog, (written - started) / 1000.0, writes.eventsPerSecond());
        out.flush();

        Thread.sleep(5_000); // the writes' last backups and collections, so that the drain starts on a quiet machine
        long resumed = System.currentTimeMillis();
        job.resume();
        long firstAt = 0;
        long firstCount = 0;
        long target = backlog * 9 / 10;
        JobView view = JobView.UNREADABLE;
        StringBuilder counts = new StringBuilder(); // each new count, to show how steady the drain was
        long lastCount = 0;
        while (System.currentTimeMillis() - resumed < limit(events).toMillis()) {
            view = JobView.read(jobsApi);
            long now = System.currentTimeMillis();
            long count = view.processedEvents();
            if (count > lastCount) {
                counts.append(String.format(Locale.ROOT, "%s%.1f s %,d", counts.isEmpty() ? "" : "; ",
                        (now - resumed) / 1000.0, count));
                lastCount = count;
            }
            if (firstAt == 0 && count > 0) {
                firstAt = now;
                firstCount = count;
            }
            if (count >= target) {
                double rate = firstCount >= target ? -1 : (count - firstCount) * 1000.0 / (now - firstAt);
                Drain drain = new Drain(load, writes, true, rate, count * 1000.0 / (now - resumed),
                        (firstAt - resumed) / 1000.0, (now - firstAt) / 1000.0, view.deadLetters());
                out.println("node-health's count of events taken in, by seconds after the resume: " + counts);
                out.printf(Locale.ROOT, "drain: first count %.1f s after the resume (%,d events), %,d events %.1f s"
                                + " later: %,.0f events/s from the first count, %,.0f from the resume; %s dead"
                                + " letters%n", drain.restartSeconds(), firstCount, count, drain.drainSeconds(),
                        rate, drain.fromResumePerSecond(), drain.deadLetters() < 0 ? "no count of"
                                : String.format(Locale.ROOT, "%,d", drain.deadLetters()));
                return drain;
            }
            Thread.sleep(100);
        }
        out.printf(Locale.ROOT, "drain: node-health took in %,d of %,d events in %d s%n", view.processedEvents(),
                backlog, limit(events).toSeconds());
        return new Drain(load, writes, false, -1, -1, -1, -1, view.deadLetters());
    }
}
