package io.snapgrid.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader keeps a catalogue job running: it submits it when missing and resubmits it after it failed. */
@Tag("cluster")
class JobSupervisionTest {

    private static final String JOB = "supervised-stream";
    private static final String REASON = "injected failure";
    /** Makes every running instance of the job fail; members share it because they share this JVM. */
    private static final AtomicBoolean FAILING = new AtomicBoolean();

    static TestCluster cluster;

    @BeforeAll
    static void start() {
        JobCatalogue catalogue = () -> List.of(new CatalogueJob(JOB, JobSupervisionTest::pipeline, JobConfig::new));
        cluster = TestCluster.start(3, List.of(catalogue),
                "--cluster.expected-size=3", "--control.job-supervision.interval=1s");
    }

    @AfterAll
    static void stop() {
        FAILING.set(false);
        cluster.close();
    }

    private static Pipeline pipeline() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.itemStream(10)).withoutTimestamps()
                .map(item -> {
                    if (FAILING.get()) {
                        throw new IllegalStateException(REASON);
                    }
                    return item;
                })
                .writeTo(Sinks.noop());
        return pipeline;
    }

    @Test
    void aMissingJobIsSubmittedAndAFailedOneResubmittedWithItsReasonRecorded() {
        String first = awaitRunning("the missing job is submitted", null);

        FAILING.set(true);
        AtomicReference<JsonNode> summary = new AtomicReference<>();
        await("the supervisor records why the job failed").until(() -> {
            summary.set(ControlState.duty(cluster, 0, JobSupervision.NAME).path("summary"));
            return summary.get().asText().contains(REASON);
        });
        assertTrue(summary.get().asText().startsWith(JOB + " was FAILED: "), summary.get()::asText);

        FAILING.set(false);
        awaitRunning("the job is resubmitted as a new execution", first);
    }

    /** Waits for the job to run under an id other than {@code previousId}, and returns that id. */
    private static String awaitRunning(String what, String previousId) {
        AtomicReference<String> id = new AtomicReference<>();
        await(what).until(() -> {
            Job job = cluster.member(0).getJet().getJob(JOB);
            id.set(job == null ? null : job.getIdString());
            return job != null && !job.getIdString().equals(previousId) && job.getStatus() == JobStatus.RUNNING;
        });
        return id.get();
    }
}
