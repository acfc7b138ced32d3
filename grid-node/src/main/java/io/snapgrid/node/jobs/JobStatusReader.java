package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.jet.core.metrics.MetricTags;
import com.hazelcast.jet.impl.JobExecutionRecord;
import io.snapgrid.node.telemetry.TelemetryContract;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * What GET /v1/jobs says about one catalogue job, from what Hazelcast exposes:
 * <ul>
 * <li>status, id and submission time: {@code JetService.getJob(name)} (the newest job of that name);</li>
 * <li>submissions: {@code JetService.getJobs(name)}, every job of that name Jet still remembers (finished ones
 * for {@code hazelcast.jet.job.results.ttl.seconds}, 7 days by default), so resubmissions after a failure show;</li>
 * <li>restarts: {@link JobRestarts}, since Jet has no such count;</li>
 * <li>last snapshot id and time: not in Jet's public API (neither {@code Job} nor {@code MetricNames} has them;
 * snapshotBytes/snapshotKeys are per processor and carry no id). They are read from Jet's own job execution record,
 * the internal {@code __jet.executionRecords} map that Management Center reads too. Being internal, a Hazelcast
 * upgrade may change it: then both fields read null and a warning is logged, rather than the call failing;</li>
 * <li>processed and dead-lettered events: the Jet user metrics (tag {@code user=true}) named in
 * {@link TelemetryContract}, summed over every vertex, processor and member; null until the job has published them.
 * Jet keeps user metrics per execution, so they count from the job's last (re)start.</li>
 * </ul>
 */
@Singleton
final class JobStatusReader {

    static final String NOT_SUBMITTED = "NOT_SUBMITTED";
    /** JobRepository.JOB_EXECUTION_RECORDS_MAP_NAME in Hazelcast 5.7. */
    static final String EXECUTION_RECORDS = "__jet.executionRecords";
    private static final Logger LOG = LoggerFactory.getLogger(JobStatusReader.class);

    private final HazelcastInstance member;
    private final JobRestarts restarts;
    private final ObjectMapper json;

    JobStatusReader(HazelcastInstance member, JobRestarts restarts, ObjectMapper json) {
        this.member = member;
        this.restarts = restarts;
        this.json = json;
    }

    /** Every field is always present, null when unknown (a JSON tree keeps nulls, unlike Micronaut's map output). */
    ObjectNode describe(String name) {
        ObjectNode row = json.createObjectNode();
        row.put("name", name);
        Job job;
        try {
            job = member.getJet().getJob(name);
        } catch (RuntimeException e) {
            row.putNull("status");
            row.put("error", "job status unreadable here: " + e.getMessage());
            return row;
        }
        if (job == null) {
            row.put("status", NOT_SUBMITTED);
            row.putNull("id");
            row.putNull("submissionTime");
            row.put("submissions", 0);
            row.put("restarts", 0);
            row.putNull("lastSnapshotId");
            row.putNull("lastSnapshotTime");
            row.putNull("processedEvents");
            row.putNull("deadLetters");
            return row;
        }
        try {
            JobStatus status = job.getStatus();
            row.put("status", status.name());
            row.put("id", job.getIdString());
            row.put("submissionTime", Instant.ofEpochMilli(job.getSubmissionTime()).toString());
            row.put("submissions", member.getJet().getJobs(name).size());
            row.put("restarts", restarts.restarts(job));
            Snapshot snapshot = lastSnapshot(job.getId());
            row.put("lastSnapshotId", snapshot == null ? null : (Long) snapshot.id());
            row.put("lastSnapshotTime", snapshot == null || snapshot.endMillis() <= 0 ? null
                    : Instant.ofEpochMilli(snapshot.endMillis()).toString());
            JobMetrics metrics = job.getMetrics().filter(MetricTags.USER, "true");
            row.put("processedEvents", sum(metrics, TelemetryContract.PROCESSED_EVENTS_METRIC));
            row.put("deadLetters", sum(metrics, TelemetryContract.DEAD_LETTERS_METRIC));
        } catch (RuntimeException e) {
            row.put("error", "job status unreadable here: " + e.getMessage());
        }
        return row;
    }

    private static Long sum(JobMetrics metrics, String name) {
        List<Measurement> measurements = metrics.get(name);
        return measurements.isEmpty() ? null : measurements.stream().mapToLong(Measurement::value).sum();
    }

    record Snapshot(long id, long endMillis) {
    }

    /** Null when the job has no successful snapshot yet, or Jet's record cannot be read. */
    private Snapshot lastSnapshot(long jobId) {
        Object record;
        try {
            record = member.getMap(EXECUTION_RECORDS).get(jobId);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read Jet's execution record of job {}: {}", jobId, e.toString());
            return null;
        }
        if (!(record instanceof JobExecutionRecord execution)) {
            if (record != null) {
                LOG.warn("Jet's execution record of job {} is a {}, not the JobExecutionRecord this node knows",
                        jobId, record.getClass().getName());
            }
            return null;
        }
        if (execution.snapshotId() == JobExecutionRecord.NO_SNAPSHOT) {
            return null;
        }
        JobExecutionRecord.SnapshotStats stats = execution.snapshotStats();
        return new Snapshot(execution.snapshotId(), stats == null ? 0 : stats.endTime());
    }
}
