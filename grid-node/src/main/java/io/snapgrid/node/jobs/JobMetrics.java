package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogue's jobs as GET /v1/jobs describes them (docs/observability.md), read every {@value #EVERY} rather
 * than per scrape, since reading a job's metrics asks its coordinator. Every member reports the same jobs, so
 * dashboards take the max. Counters read 0 until the job has reported them: an absent dead-letter series would
 * hide the first one from {@code increase()}.
 */
@Singleton
@Requires(bean = HazelcastInstance.class) // none in a settings-only context
final class JobMetrics {

    static final String EVERY = "10s";

    private final JobStatusReader reader;
    private final JobCatalogue catalogue;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** What the last read found; a job not read yet, or unreadable, reads as not running with nothing counted. */
    private record Seen(boolean running, long processed, long deadLetters, long restarts, Instant lastSnapshot) {
        static final Seen NOTHING = new Seen(false, 0, 0, 0, null);
    }

    JobMetrics(JobStatusReader reader, JobCatalogue catalogue, MeterRegistry registry) {
        this.reader = reader;
        this.catalogue = catalogue;
        for (CatalogueJob job : catalogue.jobs()) {
            String name = job.name();
            Gauge.builder("snapgrid.job.running", () -> seen(name).running() ? 1 : 0).tag("jet_job", name)
                    .description("1 while the job is RUNNING, else 0").register(registry);
            FunctionCounter.builder("snapgrid.job.events.processed", name, n -> seen(n).processed()).tag("jet_job", name)
                    .description("Events the job's current execution has processed").register(registry);
            FunctionCounter.builder("snapgrid.job.dead.letters", name, n -> seen(n).deadLetters()).tag("jet_job", name)
                    .description("Events the job's current execution wrote to the dead-letter map").register(registry);
            FunctionCounter.builder("snapgrid.job.restarts", name, n -> seen(n).restarts()).tag("jet_job", name)
                    .description("Restarts of the job counted since it was submitted").register(registry);
            Gauge.builder("snapgrid.job.snapshot.age.seconds", () -> snapshotAge(name)).tag("jet_job", name)
                    .description("Age of the job's last successful Jet snapshot (NaN before the first)")
                    .register(registry);
        }
    }

    private Seen seen(String job) {
        return seen.getOrDefault(job, Seen.NOTHING);
    }

    private double snapshotAge(String job) {
        Instant last = seen(job).lastSnapshot();
        return last == null ? Double.NaN : Duration.between(last, Instant.now()).toMillis() / 1000.0;
    }

    @Scheduled(fixedDelay = EVERY, initialDelay = "1s")
    void refresh() {
        for (CatalogueJob job : catalogue.jobs()) {
            JsonNode row = reader.describe(job.name());
            if (row.has("error")) {
                continue; // unreadable here for now: the last values stand
            }
            JsonNode snapshot = row.path("lastSnapshotTime");
            seen.put(job.name(), new Seen("RUNNING".equals(row.path("status").asText()),
                    row.path("processedEvents").asLong(0), row.path("deadLetters").asLong(0),
                    row.path("restarts").asLong(0),
                    snapshot.isTextual() ? Instant.parse(snapshot.asText()) : null));
        }
    }
}
