package io.snapgrid.node.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.JobStatusEvent;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.map.IMap;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.snapgrid.jobs.CatalogueJob;
import io.snapgrid.jobs.JobCatalogue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts restarts of the catalogue's jobs, which Jet does not report itself (neither {@code Job} nor its metrics
 * have a restart count in 5.7). Every new execution of a job shows as a NOT_RUNNING to STARTING status event: after
 * {@code restart()}, after a member left, and after the coordinator itself died, when no RUNNING to NOT_RUNNING
 * event is sent at all (observed on a 3-member cluster). So a restart is a NOT_RUNNING to STARTING event for a job
 * that had been RUNNING, which also keeps the first execution out of the count.
 * <p>
 * Every member listens (status listeners are delivered to the member that registered them) and adds what it saw to
 * its own count under the job's id in {@value #MAP}; a job's restart count is the largest member count. No member
 * is elected to count, so members that disagree on the cluster view during a failover cannot double-count, and the
 * counts of a member that dies stay in the map. A member registers within {@code control.job-supervision.interval}
 * of a job's submission (or of itself joining); restarts before any member listened are not counted.
 */
@Singleton
@Requires(bean = HazelcastInstance.class) // none in a settings-only context
public final class JobRestarts {

    static final String MAP = "__snapgrid.jobs.restarts";
    private static final Logger LOG = LoggerFactory.getLogger(JobRestarts.class);

    private final HazelcastInstance member;
    private final JobCatalogue catalogue;
    /** Ids of the jobs this member listens to, and whether it has seen each one RUNNING. */
    private final Map<Long, Boolean> watched = new ConcurrentHashMap<>();
    JobRestarts(HazelcastInstance member, JobCatalogue catalogue) {
        this.member = member;
        this.catalogue = catalogue;
    }

    /** Restarts counted for this job (by id); 0 when none were seen. */
    public long restarts(Job job) {
        watch(job);
        HashMap<String, Long> counts = restartsMap().get(job.getId());
        return counts == null ? 0 : counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Micronaut's scheduler creates this bean at startup to run this, and stops it when the node closes. */
    @Scheduled(fixedDelay = "${control.job-supervision.interval}")
    void watchAll() {
        for (CatalogueJob wanted : catalogue.jobs()) {
            try {
                Job job = member.getJet().getJob(wanted.name());
                if (job != null) {
                    watch(job);
                }
            } catch (RuntimeException e) {
                LOG.debug("Cannot watch job {} yet: {}", wanted.name(), e.toString());
            }
        }
    }

    private void watch(Job job) {
        long id = job.getId();
        if (job.isLightJob() || watched.putIfAbsent(id, false) != null) {
            return;
        }
        try {
            job.addStatusListener(event -> changed(id, event));
            if (job.getStatus() == JobStatus.RUNNING) {
                watched.replace(id, false, true);
            }
        } catch (RuntimeException e) {
            // A job that has ended refuses listeners; forget it so a later look can try again if it is resubmitted.
            watched.remove(id);
            LOG.debug("Not watching job {}: {}", job.getIdString(), e.toString());
        }
    }

    private void changed(long id, JobStatusEvent event) {
        JobStatus next = event.getNewStatus();
        if (next == JobStatus.RUNNING) {
            watched.replace(id, false, true);
        } else if (next == JobStatus.STARTING && event.getPreviousStatus() == JobStatus.NOT_RUNNING
                && Boolean.TRUE.equals(watched.get(id))) {
            restartsMap().submitToKey(id, new CountRestart(member.getCluster().getLocalMember().getUuid().toString()))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            LOG.warn("Could not count a restart of job {}", event.getJobId(), failure);
                        }
                    });
        } else if (next.isTerminal()) {
            watched.remove(id); // Jet drops the listener after a terminal event
        }
    }

    private IMap<Long, HashMap<String, Long>> restartsMap() {
        return member.getMap(MAP);
    }

    /** Whether this member listens to the job and has seen it RUNNING, so that it would count a restart. */
    boolean counting(long jobId) {
        return Boolean.TRUE.equals(watched.get(jobId));
    }
}
