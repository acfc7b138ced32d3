package io.snapgrid.node.bench;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.query.Predicates;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.records.inventory.InventoryGenerator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Telemetry ingest at the reference scale: {@code --threads} callers POST batches of heartbeats and temperatures
 * for {@code --xnames} xnames to {@code /v1/telemetry} of a cluster in this JVM (the node-health and rack-states
 * jobs running as shipped), as fast as ingest answers. Prints accepted events/s and POST latency over the measured
 * interval, duplicates, rejects and 503s, whether the node-health job kept up (its newest window no further behind
 * the clock than allowed lag plus a slide at the end of the interval), and then checks every event of every
 * acknowledged batch against {@code telemetry.events}: each stored, and the stored ones of this run no more than
 * the accepted count. Run it with {@code ./snapgrid bench-ingest [--key=value ...]}; options in
 * {@link IngestOptions#USAGE}. Members, callers and this check share the JVM: the figure is this machine's, not a
 * member's capacity. Exits non-zero if an acknowledged event is missing or a part could not run. With
 * {@code --via=putall} the same callers write through the Java client instead, the platform floor that bounds
 * ingest ({@link PutAllTelemetry}). With {@code --backlog=N} it measures the node-health job's intake alone instead
 * ({@link BacklogDrain}).
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) {
        IngestOptions options;
        try {
            options = IngestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        StreamingBenchmark.logToStandardError();
        int status = 1;
        try {
            status = run(options, System.out).lost() == 0 ? 0 : 2;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            // Hazelcast and Netty leave non-daemon threads behind even after a clean shutdown.
            System.exit(status);
        }
    }

    /**
     * What one run measured; {@code lost} counts acknowledged events missing from telemetry.events. With a backlog,
     * the ingest figures are the backlog's writes, {@code healthKeptUp} says the job drained it and
     * {@code healthEventsPerSecond} is its rate alone.
     */
    record Result(double eventsPerSecond, long p50Nanos, long p99Nanos, long accepted, long duplicates,
                  long rejected, long unavailable, long failures, long acknowledged, long stored, long lost,
                  boolean healthKeptUp, double healthEventsPerSecond) {
    }

    /** Runs the benchmark and prints it; callable from tests, since it never exits. */
    static Result run(IngestOptions options, PrintStream out) throws InterruptedException {
        out.println(Report.environment(options.members() + " members and " + options.threads() + " callers")
                + "; load average " + StreamingBenchmark.load());
        out.printf(Locale.ROOT, "ingest: %d xnames (heartbeat + temperature each), %d callers, %d events per %s,"
                        + " offered %s, %s; node flags %s%n", options.xnames(),
                options.threads(), options.batch(), options.via() == IngestOptions.Via.REST ? "POST"
                        : "Java client putAll (the platform floor, not ingest)",
                options.rate() == 0 ? "as fast as ingest answers"
                        : String.format(Locale.ROOT, "at %,d events/s", options.rate()),
                options.backlog() > 0 ? String.format(Locale.ROOT, "a backlog of %,d events for node-health alone",
                        options.backlog()) : String.format(Locale.ROOT, "%d s measured after %d s warm-up",
                        options.seconds(), options.warmupSeconds()), options.flags());
        out.flush();
        List<String> xnames = xnames(options.xnames());
        SnapgridSettings settings = SettingsLoader.load(options.flags(), Map.of());
        JobSettings jobs = settings.jobs();
        try (TestCluster cluster = Waits.retrying("start " + options.members() + " members", System.err,
                () -> TestCluster.start(options.members(), options.flags().toArray(String[]::new)))) {
            List<String> urls = IntStream.range(0, options.members()).mapToObj(cluster::restUrl).toList();
            for (String url : urls) {
                await(url + " ready").atMost(Duration.ofSeconds(180))
                        .until(() -> new Http(url).get("/health/readiness").status() == 200);
            }
            Http jobsApi = new Http(urls.get(0));
            await("node-health RUNNING").atMost(Duration.ofSeconds(180)).until(() -> JobView.read(jobsApi).running());
            if (options.inventory()) {
                loadInventory(cluster.client(), xnames.size(), out);
            }

            TelemetryPath path = options.via() == IngestOptions.Via.REST ? new RestTelemetry(urls)
                    : new PutAllTelemetry(cluster.client(), settings.storageClasses().forMap(JobMaps.TELEMETRY_EVENTS)
                    .flatMap(StorageClass::schema).orElseThrow());
            if (options.backlog() > 0) {
                return drain(cluster, jobsApi, path, xnames, options, out);
            }
            TelemetryLoad load = TelemetryLoad.start(path, xnames, options.threads(), options.batch(), options.rate());
            MeasuredInterval interval;
            long healthBehind;
            long acceptedAtEnd;
            String loadAtEnd;
            try {
                interval = MeasuredInterval.run(options.warmupSeconds(), options.seconds(), jobsApi);
                acceptedAtEnd = load.accepted.get();
                long newest = newestWindowEnd(cluster.member(0));
                healthBehind = newest == 0 ? -1 : interval.to() - newest;
                loadAtEnd = StreamingBenchmark.load();
            } finally {
                load.close();
            }
            long from = interval.from();
            long to = interval.to();
            TelemetryLoad.Sample sample = load.between(from, to);
            long allowed = jobs.allowedLag().plus(jobs.healthSlide()).toMillis();
            double processed = interval.processedPerSecond();
            out.println("load average at the end of the measured interval: " + loadAtEnd);
            out.printf(Locale.ROOT, "accepted: %,.0f events/s over %d s (%,d events in %,d batches), batch latency p50"
                            + " %.1f ms, p99 %.1f ms%n", sample.eventsPerSecond(), (to - from) / 1000, sample.events(),
                    sample.sortedLatencies().length, sample.percentile(50) / 1e6, sample.percentile(99) / 1e6);
            out.printf(Locale.ROOT, "whole run: %,d accepted, %,d duplicates, %,d rejected, %,d answered 503 (re-sent),"
                            + " %,d other failures%s%n", load.accepted.get(), load.duplicates.get(), load.rejected.get(),
                    load.unavailable.get(), load.failures.get(),
                    load.firstFailure() == null ? "" : " (first: " + load.firstFailure() + ")");
            boolean keptUp = healthBehind >= 0 && healthBehind <= allowed;
            out.printf(Locale.ROOT, "node-health: %,.0f events/s taken in (job metrics), %,d dead letters, %d restarts"
                            + " while measured; %s%n", processed,
                    interval.last().deadLetters() - interval.first().deadLetters(),
                    interval.last().restarts() - interval.first().restarts(),
                    healthBehind < 0 ? "no window result yet"
                            : String.format(Locale.ROOT, "newest window ended %,d ms before the end of the interval"
                            + " (allowed lag + slide: %,d ms): %s", healthBehind, allowed,
                            keptUp ? "keeping up" : "BEHIND"));
            if (interval.last().processedEvents() >= 0) {
                // The job started before the load, so both counts start together; its metrics lag by up to 5 s.
                long backlog = acceptedAtEnd - interval.last().processedEvents();
                out.printf(Locale.ROOT, "node-health backlog at the end: %,d events accepted and not yet taken in"
                                + " (about %.0f s of the accepted rate; the job's count lags by up to 5 s)%n", backlog,
                        backlog / Math.max(1, sample.eventsPerSecond()));
            }
            out.flush();

            printInventorySide(options, cluster.member(0), jobsApi, out);
            Check check = printCheck(cluster.member(0).getMap(path.map()), load, out);
            // The last line names what was measured: only the REST path is ingest.
            out.printf(Locale.ROOT, "%s: %.0f events/s accepted, p99 %.0f ms, lost %d%n",
                    options.via() == IngestOptions.Via.REST ? "ingest" : "putAll floor", sample.eventsPerSecond(),
                    sample.percentile(99) / 1e6, check.lost());
            out.flush();
            return new Result(sample.eventsPerSecond(), sample.percentile(50), sample.percentile(99),
                    load.accepted.get(), load.duplicates.get(), load.rejected.get(), load.unavailable.get(),
                    load.failures.get(), check.acknowledged(), check.stored(), check.lost(), keptUp, processed);
        }
    }

    /** {@code --backlog}: the job's intake alone ({@link BacklogDrain}), then the same check of the written events. */
    private static Result drain(TestCluster cluster, Http jobsApi, TelemetryPath path, List<String> xnames,
                                IngestOptions options, PrintStream out) throws InterruptedException {
        BacklogDrain.Drain drain = BacklogDrain.run(cluster, jobsApi, () -> TelemetryLoad.start(path, xnames,
                options.threads(), options.batch(), options.rate()), options.backlog(), out);
        TelemetryLoad load = drain.load();
        printInventorySide(options, cluster.member(0), jobsApi, out);
        Check check = printCheck(cluster.member(0).getMap(path.map()), load, out);
        out.printf(Locale.ROOT, "node-health alone: %.0f events/s taken in (%.0f from the resume) from a backlog of %d,"
                + " lost %d%n", drain.eventsPerSecond(), drain.fromResumePerSecond(), load.accepted.get(), check.lost());
        out.flush();
        TelemetryLoad.Sample writes = drain.writes();
        return new Result(writes.eventsPerSecond(), writes.percentile(50), writes.percentile(99), load.accepted.get(),
                load.duplicates.get(), load.rejected.get(), load.unavailable.get(), load.failures.get(),
                check.acknowledged(), check.stored(), check.lost(), drain.drained(), drain.eventsPerSecond());
    }

    /** The same xnames' node records, written to inventory.nodes (strong) through the Java client. */
    private static void loadInventory(HazelcastInstance client, int count, PrintStream out) {
        long started = System.nanoTime();
        NodeRecords records = NodeRecords.generate(count);
        IMap<String, GenericRecord> nodes = client.getMap(JobMaps.INVENTORY_NODES);
        for (int from = 0; from < count; from += 1000) {
            nodes.putAll(records.slice(from, Math.min(count, from + 1000)));
        }
        out.printf(Locale.ROOT, "inventory: %,d node records written to %s in %.1f s%n", count, JobMaps.INVENTORY_NODES,
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /**
     * How the rack-states job fared, since it reads inventory.nodes' journal, which node-health's lastHeartbeat
     * updates fill; with an inventory, also how many node records those updates have reached.
     */
    private static void printInventorySide(IngestOptions options, HazelcastInstance member, Http jobsApi,
                                           PrintStream out) {
        JobView racks = JobView.read(jobsApi, JobCatalogue.RACK_STATES_JOB);
        out.printf(Locale.ROOT, "rack-states: %s, %d restarts, %d dead letters%n", racks.status(), racks.restarts(),
                racks.deadLetters());
        if (!options.inventory()) {
            return;
        }
        IMap<String, GenericRecord> nodes = member.getMap(JobMaps.INVENTORY_NODES);
        Long reached = nodes.aggregate(Aggregators.count(), Predicates.greaterThan("lastHeartbeat", 0L));
        out.printf(Locale.ROOT, "inventory: %,d of %,d node records have a lastHeartbeat%n", reached, nodes.size());
    }

    /** The first {@code count} xnames of the reference inventory; the records themselves are not kept. */
    private static List<String> xnames(int count) {
        List<String> xnames = new ArrayList<>(count);
        InventoryGenerator.shipped(42).generate(count, (xname, node) -> xnames.add(xname), (serial, component) -> { });
        return xnames;
    }

    /** The newest windowEnd in telemetry.node-health, 0 if there is none yet. */
    private static long newestWindowEnd(HazelcastInstance member) {
        IMap<String, GenericRecord> health = member.getMap(JobMaps.NODE_HEALTH);
        Long newest = health.aggregate(Aggregators.longMax("windowEnd"));
        return newest == null ? 0 : newest;
    }

    /**
     * {@code lost}: acknowledged events missing from the map. {@code stored}: this run's entries in it, which may
     * exceed the acknowledged by the batches that were in flight, unanswered, when the callers stopped. Entries are
     * keyed by id, so an event stored twice would show as more events reported accepted than stored.
     */
    private record Check(long acknowledged, long lost, long stored) {
    }

    private static Check printCheck(IMap<String, GenericRecord> events, TelemetryLoad load, PrintStream out) {
        Check check = check(events, load);
        out.printf(Locale.ROOT, "check: %,d events acknowledged (202), %,d of them stored, %,d of this run's"
                        + " events stored in all, %,d accepted reported%n", check.acknowledged(),
                check.acknowledged() - check.lost(), check.stored(), load.accepted.get());
        if (load.accepted.get() > check.stored()) {
            out.printf(Locale.ROOT, "check: MORE events reported accepted than stored: some id was accepted twice%n");
        }
        return check;
    }

    private static Check check(IMap<String, GenericRecord> events, TelemetryLoad load) {
        Set<String> stored = new HashSet<>();
        for (String key : events.keySet()) {
            if (key.startsWith(load.idPrefix())) {
                stored.add(key);
            }
        }
        long[] acknowledged = new long[2];
        load.forEachAcknowledgedId(id -> {
            acknowledged[0]++;
            if (!stored.contains(id)) {
                acknowledged[1]++;
            }
        });
        return new Check(acknowledged[0], acknowledged[1], stored.size());
    }
}
