package io.snapgrid.jobs;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobCatalogueTest {

    @Test
    void snapgridsCatalogueHoldsBothJobsExactlyOnceWithTheirSettings() {
        JobSettings settings = JobSettings.defaults().withSnapshotInterval(Duration.ofSeconds(3));
        JobCatalogue catalogue = JobCatalogue.snapgrid(settings);
        assertEquals(List.of(JobCatalogue.NODE_HEALTH_JOB, JobCatalogue.RACK_STATES_JOB),
                catalogue.jobs().stream().map(CatalogueJob::name).toList());
        for (CatalogueJob job : catalogue.jobs()) {
            JobConfig config = job.namedConfig();
            assertEquals(job.name(), config.getName());
            assertEquals(ProcessingGuarantee.EXACTLY_ONCE, config.getProcessingGuarantee());
            assertEquals(3000, config.getSnapshotIntervalMillis());
            assertTrue(config.isRequireSnapshotBeforeProcessing());
            assertTrue(config.isAutoScaling());
            assertTrue(job.pipeline().get().toDag().iterator().hasNext(), job.name() + " builds a DAG");
        }
        assertEquals(2, JobCatalogue.snapgrid().jobs().size());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JobSettings defaults = JobSettings.defaults();
        assertEquals(Duration.ofMinutes(5), defaults.healthWindow());
        assertEquals(Duration.ofSeconds(30), defaults.healthSlide());
        assertEquals(Duration.ofMinutes(1), defaults.rackWindow());
        assertEquals(Duration.ofSeconds(10), defaults.allowedLag());
        assertEquals(Duration.ofSeconds(10), defaults.snapshotInterval());
        assertEquals(Duration.ofSeconds(1), defaults.tickInterval());
        assertEquals(Duration.ofSeconds(10), defaults.idleTimeout());
        assertEquals(Duration.ofHours(1), defaults.forgetNodesAfter());
        assertEquals(false, defaults.keepHealthHistory());
    }

    @Test
    void aSlideThatDoesNotDivideTheWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () ->
                JobSettings.defaults().withHealthWindow(Duration.ofMinutes(5), Duration.ofSeconds(7)));
        assertThrows(IllegalArgumentException.class, () ->
                JobSettings.defaults().withAllowedLag(Duration.ofSeconds(-1)));
    }
}
