package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.metrics.Metrics;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.telemetry.TelemetryContract;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/jobs on a 2-member cluster whose catalogue holds a real streaming job publishing user metrics named like
 * the telemetry jobs', submitted by the control service's leader, and a job whose submission always fails.
 * Asked on the member that does not lead, so every field must come from cluster-wide state.
 */
@Tag("cluster")
class JobsRestTest {

    private static final String PROBE = "telemetry-probe";
    private static final String BROKEN = "never-submittable";

    static TestCluster cluster;
    static Http http;

    @BeforeAll
    static void start() {
        JobCatalogue catalogue = () -> List.of(
                new CatalogueJob(PROBE, JobsRestTest::pipeline, () -> new JobConfig()
                        .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(200)),
                new CatalogueJob(BROKEN, () -> {
                    throw new IllegalStateException("this job cannot be built");
                }, JobConfig::new));
        cluster = TestCluster.start(2, List.of(catalogue), "--control.job-supervision.interval=1s");
        http = new Http(cluster.restUrl(1));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Counts every item as processed and every fifth as dead-lettered, with the telemetry jobs' metric names. */
    private static Pipeline pipeline() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.itemStream(50)).withoutTimestamps()
                .map(item -> {
                    Metrics.metric(TelemetryContract.PROCESSED_EVENTS_METRIC).increment();
                    if (item.sequence() % 5 == 0) {
                        Metrics.metric(TelemetryContract.DEAD_LETTERS_METRIC).increment();
                    }
                    return item;
                })
                .writeTo(Sinks.noop());
        return pipeline;
    }

    private static JsonNode probe() {
        Http.Reply reply = http.get("/v1/jobs/" + PROBE);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    @Test
    void theListingShowsEachCatalogueJobWithStatusSnapshotAndMetricCounts() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await("the probe runs, has snapshotted and has published its metrics").until(() -> {
            seen.set(probe());
            return seen.get().path("status").asText().equals("RUNNING")
                    && seen.get().path("lastSnapshotId").asLong(-1) >= 0
                    && seen.get().path("deadLetters").asLong() > 0;
        });
        JsonNode job = seen.get();
        Job real = cluster.member(0).getJet().getJob(PROBE);
        assertEquals(real.getIdString(), job.path("id").asText());
        assertEquals(Instant.ofEpochMilli(real.getSubmissionTime()).toString(), job.path("submissionTime").asText());
        assertTrue(job.path("lastSnapshotTime").isTextual(), job::toString);
        Instant snapshotTime = Instant.parse(job.path("lastSnapshotTime").asText());
        assertTrue(!snapshotTime.isBefore(Instant.ofEpochMilli(real.getSubmissionTime())), job::toString);
        long processed = job.path("processedEvents").asLong();
        long deadLetters = job.path("deadLetters").asLong();
        assertTrue(processed >= deadLetters && deadLetters > 0, job::toString);
        assertEquals(1, job.path("submissions").asInt());
        assertTrue(job.path("restarts").isIntegralNumber(), "counted in aRestartIsCountedOnce...: " + job);

        JsonNode all = http.get("/v1/jobs").json().path("jobs");
        assertEquals(2, all.size(), all::toString);
        assertEquals(PROBE, all.get(0).path("name").asText(), "catalogue order");
        assertEquals("RUNNING", all.get(0).path("status").asText());
        JsonNode broken = all.get(1);
        assertEquals(BROKEN, broken.path("name").asText());
        assertEquals("NOT_SUBMITTED", broken.path("status").asText(), broken::toString);
        assertTrue(broken.path("submissionTime").isNull() && broken.path("lastSnapshotId").isNull()
                && broken.path("processedEvents").isNull(), broken::toString);
        assertEquals(NOT_SUBMITTED_BODY, broken.toString());

        await("the counts grow").until(() -> probe().path("processedEvents").asLong() > processed);
    }

    private static final String NOT_SUBMITTED_BODY = "{\"name\":\"" + BROKEN + "\",\"status\":\"NOT_SUBMITTED\",\"id\":null,"
            + "\"submissionTime\":null,\"submissions\":0,\"restarts\":0,\"lastSnapshotId\":null,\"lastSnapshotTime\":null,"
            + "\"processedEvents\":null,\"deadLetters\":null}";

    @Test
    void aRestartIsCountedOnceAndSeenFromEveryMember() {
        await("the probe runs").until(() -> probe().path("status").asText().equals("RUNNING"));
        Job job = cluster.member(0).getJet().getJob(PROBE);
        long before = probe().path("restarts").asLong();
        await("both members listen to the running probe")
                .until(() -> cluster.bean(0, JobRestarts.class).counting(job.getId())
                && cluster.bean(1, JobRestarts.class).counting(job.getId()));
        job.restart();
        await("the restart is counted").until(() -> probe().path("restarts").asLong() == before + 1);
        await("the probe runs again").until(() -> probe().path("status").asText().equals("RUNNING"));
        JsonNode after = probe();
        assertEquals(before + 1, after.path("restarts").asLong(), "counted once, though two members saw it");
        assertEquals(job.getIdString(), after.path("id").asText(), "a restart keeps the job");
        assertEquals(1, after.path("submissions").asInt());
        assertEquals(before + 1, new Http(cluster.restUrl(0)).get("/v1/jobs/" + PROBE).json().path("restarts").asLong());
    }

    @Test
    void anUnknownJobIs404() {
        Http.Reply reply = http.get("/v1/jobs/no-such-job");
        assertProblem(reply, 404, "unknown-job");
        assertEquals("no-such-job", reply.json().path("job").asText());
    }
}
