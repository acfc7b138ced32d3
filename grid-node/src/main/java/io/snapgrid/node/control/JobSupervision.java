package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Keeps every catalogue job running: submits a missing one, and resubmits one that failed or ended, noting why.
 * A job coordinator that is not ready yet (hazelcast#22578) fails the round, which is simply retried next interval.
 */
final class JobSupervision implements ControlDuty {

    static final String NAME = "job-supervision";
    private static final Logger LOG = LoggerFactory.getLogger(JobSupervision.class);

    private final HazelcastInstance member;
    private final JobCatalogue catalogue;

    JobSupervision(HazelcastInstance member, JobCatalogue catalogue) {
        this.member = member;
        this.catalogue = catalogue;
    }

    @Override
    public String run(DutyRound round) {
        List<String> changes = new ArrayList<>();
        for (CatalogueJob wanted : catalogue.jobs()) {
            Job job = member.getJet().getJob(wanted.name());
            JobStatus status = job == null ? null : job.getStatus();
            if (status != null && !status.isTerminal()) {
                continue;
            }
            String why = status == null ? "missing" : status + (status == JobStatus.FAILED ? ": " + failure(job) : "");
            String submitted = round.perform(new SubmitCatalogueJob(wanted.name()));
            LOG.warn("Job {} was {}; submitted it as {}", wanted.name(), why, submitted);
            changes.add(wanted.name() + " was " + why + ", submitted as " + submitted);
        }
        return changes.isEmpty() ? catalogue.jobs().size() + " jobs running" : String.join("; ", changes);
    }

    private static String failure(Job job) {
        try {
            job.getFuture().join();
            return "no error reported";
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return String.valueOf(cause);
        }
    }
}
