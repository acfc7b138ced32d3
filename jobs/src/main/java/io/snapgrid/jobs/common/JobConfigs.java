package io.snapgrid.jobs.common;

import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import io.snapgrid.jobs.JobSettings;

/** The job configuration every Snapgrid streaming job shares. */
public final class JobConfigs {

    private JobConfigs() {
    }

    /**
     * Exactly-once with the configured snapshot interval; the first snapshot is taken before any event is processed,
     * so that a restart before the first regular snapshot does not start over from the journal's then-current
     * tail; auto-scaling on, so that the job restarts onto a member that joins.
     */
    public static JobConfig exactlyOnce(JobSettings settings) {
        JobConfig config = new JobConfig()
                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .setSnapshotIntervalMillis(settings.snapshotInterval().toMillis())
                .setAutoScaling(true)
                .setMetricsEnabled(true)
                .setStoreMetricsAfterJobCompletion(true);
        config.setRequireSnapshotBeforeProcessing(true);
        return config;
    }
}
