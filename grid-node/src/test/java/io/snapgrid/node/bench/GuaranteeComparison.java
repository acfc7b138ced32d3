package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.node.Durations;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Part 1 of {@link StreamingBenchmark}: the node-health job with its exactly-once snapshots, and the same pipeline
 * with processing guarantee NONE (no snapshots at all), each on a fresh 3-member cluster in this JVM, under the
 * same REST ingest load. Only the node-health job's config differs, through a catalogue bean registered in every
 * node, built from the jobs module's public API; the rack-states job runs as shipped in both.
 */
final class GuaranteeComparison {

    static final long STEP_MILLIS = 5_000;
    /** Latency in the first and last this many ms of the measured interval: growing means the job falls behind. */
    private static final long EDGE_MILLIS = 10_000;
    private static final int MEMBERS = 3;

    private GuaranteeComparison() {
    }

    /** What one guarantee did in its measured interval, with a timeline from the start of its ingest. */
    record Phase(ProcessingGuarantee guarantee, int round, TelemetryLoad.Sample ingest, WindowResults.Sample results,
                 long firstP50, long lastP50,
                 long[] completion, double processedPerSecond, long snapshots, long restarts,
                 Map<String, Long> deadLetters,
                 long unchanged, long unavailable, long failures, String firstFailure, List<String> timeline) {
    }

    /** Snapgrid's catalogue, its node-health job run with {@code guarantee} instead of exactly-once. */
    static JobCatalogue withNodeHealthGuarantee(JobCatalogue shipped, ProcessingGuarantee guarantee) {
        List<CatalogueJob> jobs = shipped.jobs().stream().map(job -> !job.name().equals(JobCatalogue.NODE_HEALTH_JOB)
                ? job
                : new CatalogueJob(job.name(), job.pipeline(), () -> {
                    JobConfig config = job.config().get().setProcessingGuarantee(guarantee);
                    // Jet ignores it without a guarantee; cleared so the config says what runs.
                    config.setRequireSnapshotBeforeProcessing(guarantee != ProcessingGuarantee.NONE
                            && config.isRequireSnapshotBeforeProcessing());
                    return config;
                })).toList();
        return () -> jobs;
    }

    static Phase measure(StreamingOptions options, Dataset fleet, ProcessingGuarantee guarantee, int round,
                         PrintStream progress) throws InterruptedException {
        List<String> flags = new ArrayList<>(options.jobFlags());
        flags.add("--cluster.expected-size=" + MEMBERS);
        JobSettings jobs = SettingsLoader.load(flags, Map.of()).jobs();
        JobCatalogue catalogue = withNodeHealthGuarantee(JobCatalogue.snapgrid(jobs), guarantee);
        progress.printf(Locale.ROOT, "bench: %s round %d: starting %d members%n", guarantee, round, MEMBERS);
        try (TestCluster cluster = Waits.retrying("start " + MEMBERS + " members", progress,
                () -> TestCluster.start(MEMBERS, List.of(catalogue), flags.toArray(String[]::new)))) {
            List<String> urls = IntStream.range(0, MEMBERS).mapToObj(cluster::restUrl).toList();
            for (String url : urls) {
                await(url + " ready").atMost(Duration.ofSeconds(180))
                        .until(() -> new Http(url).get("/health/readiness").status() == 200);
            }
            HazelcastInstance client = cluster.client();
            if (options.inventory()) {
                StreamingBenchmark.loadInventory(client, fleet);
            }
            Http jobsApi = new Http(urls.get(0));
            await("node-health RUNNING").atMost(Duration.ofSeconds(180)).until(() -> JobView.read(jobsApi).running());
            WindowResults results = WindowResults.listen(client);
            long ingestStart = System.currentTimeMillis();
            progress.printf(Locale.ROOT, "bench: %s round %d: job running, ingest for %d + %d s%n", guarantee, round,
                    options.warmupSeconds(), options.seconds());
            TelemetryLoad load = TelemetryLoad.start(urls, fleet.keys(), options.threads(), options.batch(),
                    options.rate());
            MeasuredInterval interval;
            try {
                interval = MeasuredInterval.run(options.warmupSeconds(), options.seconds(), jobsApi);
                // Events keep coming, unmeasured, so that the windows ending in the measured interval can complete.
                Thread.sleep(options.allowedLag().plus(options.tail()).toMillis());
            } finally {
                load.close();
                results.close();
            }
            long from = interval.from();
            long to = interval.to();
            JobView first = interval.first();
            JobView last = interval.last();
            WindowResults.Sample measured = results.between(from, to);
            Map<String, Long> deadLetters = StreamingBenchmark.deadLetterReasons(client);
            List<String> timeline = new ArrayList<>();
            for (long at = from - (from - ingestStart) / STEP_MILLIS * STEP_MILLIS; at < to; at += STEP_MILLIS) {
                long end = Math.min(at + STEP_MILLIS, to);
                if (end - at < 1000) {
                    break; // the few ms by which the measured interval overran its seconds
                }
                TelemetryLoad.Sample in = load.between(at, end);
                WindowResults.Sample out = results.between(at, end);
                timeline.add(String.format(Locale.ROOT, "%6.0f %s %12.0f %10.0f %10s %10s", (at - ingestStart) / 1000.0,
                        at >= from ? "*" : " ", in.eventsPerSecond(), out.perSecond(), millis(out.percentile(50)),
                        millis(out.max())));
            }
            double processed = interval.processedPerSecond();
            long snapshots = first.lastSnapshotId() < 0 || last.lastSnapshotId() < 0 ? 0
                    : last.lastSnapshotId() - first.lastSnapshotId();
            long edge = Math.min(EDGE_MILLIS, (to - from) / 2);
            return new Phase(guarantee, round, load.between(from, to), measured,
                    results.between(from, from + edge).percentile(50), results.between(to - edge, to).percentile(50),
                    measured.completionLatencies(fleet.size()), processed, snapshots, last.restarts() - first.restarts(),
                    deadLetters, results.unchanged(), load.unavailable.get(), load.failures.get(), load.firstFailure(),
                    timeline);
        }
    }

    static String millis(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** The phases of one run, printed with the ON/OFF ratios of each round. */
    static void print(StreamingOptions options, List<Phase> phases, PrintStream out) {
        out.println();
        out.println("Part 1: node-health with exactly-once snapshots (EXACTLY_ONCE) vs without (NONE), 3 members");
        out.printf(Locale.ROOT, "ingest: REST POST /v1/telemetry, %d callers round-robin over the members, %d events"
                        + " per batch (heartbeat + temperature per xname), %s; %d s measured after %d s warm-up%n",
                options.threads(), options.batch(),
                options.rate() == 0 ? "as fast as ingest answers" : options.rate() + " events/s",
                options.seconds(), options.warmupSeconds());
        out.println("window-result latency: arrival of each newer window in telemetry.node-health at a client entry"
                + " listener, minus its windowEnd (includes the allowed lag of " + options.allowedLag().toMillis()
                + " ms); a window ending in the measured interval is complete when every xname has its result (ingest"
                + " goes on, unmeasured, for the allowed lag + " + Durations.format(options.tail())
                + " after the interval)");
        for (Phase p : phases) {
            out.printf(Locale.ROOT, "%n%s, round %d: timeline of ingest, in steps ending with the measured interval (* = measured)%n", p.guarantee(),
                    p.round());
            out.printf(Locale.ROOT, "%6s %s %12s %10s %10s %10s%n", "s", " ", "accepted/s", "results/s",
                    "lat p50 ms", "lat max ms");
            p.timeline().forEach(out::println);
        }
        out.println();
        out.printf(Locale.ROOT, "%-12s %5s %12s %9s %9s %12s %10s %9s %9s %9s %13s %11s %11s %6s %6s %6s%n",
                "guarantee", "round", "accepted/s", "post p50", "post p99", "processed/s", "results/s",
                "lat p50", "lat p99", "lat max", "p50 first/", "complete", "compl. p50/", "snaps", "dead", "503s");
        out.printf(Locale.ROOT, "%-12s %5s %12s %9s %9s %12s %10s %9s %9s %9s %13s %11s %11s %6s %6s %6s%n",
                "", "", "events", "ms", "ms", "(metrics)", "", "ms", "ms", "ms", "last 10 s", "windows", "max ms", "",
                "letters", "");
        for (Phase p : phases) {
            long[] c = p.completion();
            out.printf(Locale.ROOT,
                    "%-12s %5d %,12.0f %9.1f %9.1f %,12.0f %,10.0f %9s %9s %9s %13s %11d %11s %6d %6d %6d%n",
                    p.guarantee(), p.round(), p.ingest().eventsPerSecond(), p.ingest().percentile(50) / 1e6,
                    p.ingest().percentile(99) / 1e6, p.processedPerSecond(), p.results().perSecond(),
                    millis(p.results().percentile(50)), millis(p.results().percentile(99)), millis(p.results().max()),
                    millis(p.firstP50()) + "/" + millis(p.lastP50()),
                    c.length, c.length == 0 ? "-" : millis(LatencyRecorder.percentile(c, 50)) + "/"
                            + millis(c[c.length - 1]),
                    p.snapshots(), p.deadLetters().values().stream().mapToLong(Long::longValue).sum(), p.unavailable());
        }
        phases.stream().filter(p -> p.failures() > 0 || p.restarts() != 0 || !p.deadLetters().isEmpty())
                .forEach(p -> out.printf(Locale.ROOT,
                        "%s round %d: %d failed POSTs (first: %s), %d job restarts while measured, dead letters by"
                                + " reason %s%n", p.guarantee(), p.round(), p.failures(), p.firstFailure(),
                        p.restarts(), p.deadLetters()));
        out.println();
        out.println("EXACTLY_ONCE / NONE, from the two phases of each round:");
        out.printf(Locale.ROOT, "%5s %12s %12s %9s %9s %9s %12s%n", "round", "accepted/s", "processed/s", "lat p50",
                "lat p99", "lat max", "compl. p50");
        Map<Integer, Map<ProcessingGuarantee, Phase>> byRound = new HashMap<>();
        phases.forEach(p -> byRound.computeIfAbsent(p.round(), r -> new HashMap<>()).put(p.guarantee(), p));
        byRound.keySet().stream().sorted().forEach(round -> {
            Phase on = byRound.get(round).get(ProcessingGuarantee.EXACTLY_ONCE);
            Phase off = byRound.get(round).get(ProcessingGuarantee.NONE);
            if (on == null || off == null) {
                return;
            }
            out.printf(Locale.ROOT, "%5d %12s %12s %9s %9s %9s %12s%n", round,
                    ratio(on.ingest().eventsPerSecond(), off.ingest().eventsPerSecond()),
                    ratio(on.processedPerSecond(), off.processedPerSecond()),
                    ratio(on.results().percentile(50), off.results().percentile(50)),
                    ratio(on.results().percentile(99), off.results().percentile(99)),
                    ratio(on.results().max(), off.results().max()),
                    ratio(median(on.completion()), median(off.completion())));
        });
    }

    private static double median(long[] sorted) {
        return sorted.length == 0 ? 0 : LatencyRecorder.percentile(sorted, 50);
    }

    static String ratio(double numerator, double denominator) {
        return denominator <= 0 || numerator < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }
}
