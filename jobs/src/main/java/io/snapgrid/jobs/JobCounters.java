package io.snapgrid.jobs;

import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.Measurement;

/**
 * Names of the user metrics both jobs publish; read them with {@code job.getMetrics()} and {@link #total}. Jet
 * keeps user metrics per execution: after a job restarts (a member left or joined) they count from zero again,
 * and events replayed from the journal are counted again.
 */
public final class JobCounters {

    /** Events (node-health) or node-state transitions (rack-states) that entered a window. */
    public static final String EVENTS_PROCESSED = "snapgridEventsProcessed";
    /** Entries written to {@link JobMaps#DEAD_LETTER}, late ones included. */
    public static final String DEAD_LETTERS = "snapgridDeadLetters";
    /** The late ones among {@link #DEAD_LETTERS}. */
    public static final String LATE_EVENTS = "snapgridLateEvents";

    private JobCounters() {
    }

    /** The sum of a counter over every processor of the job, 0 if none reported it yet. */
    public static long total(JobMetrics metrics, String name) {
        return metrics.get(name).stream().mapToLong(Measurement::value).sum();
    }
}
