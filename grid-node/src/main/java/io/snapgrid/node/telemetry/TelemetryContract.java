package io.snapgrid.node.telemetry;

import io.snapgrid.jobs.JobCounters;
import io.snapgrid.jobs.JobMaps;
import java.util.List;

/**
 * What ingest and the Jet jobs of {@code jobs/} agree on: the maps, the event record's type, and the names of the
 * user metrics the jobs publish, taken from the jobs module so the two cannot drift apart.
 */
public final class TelemetryContract {

    /** Raw events, keyed by event id; the jobs read only its journal's ADDED events. */
    public static final String EVENTS_MAP = JobMaps.TELEMETRY_EVENTS;
    /** The node-health job's latest window per node (schemas/node-health.avsc). */
    public static final String NODE_HEALTH_MAP = JobMaps.NODE_HEALTH;
    /** Events a job could not use, with why (schemas/dead-letter.avsc). */
    public static final String DEAD_LETTER_MAP = JobMaps.DEAD_LETTER;
    /** Node-state transitions per rack and window (schemas/rack-states.avsc). */
    public static final String RACK_STATES_MAP = JobMaps.RACK_STATES;

    /** The Compact type name, and Avro full name, of schemas/telemetry-event.avsc. */
    public static final String EVENT_TYPE = "snapgrid.telemetry.Event";
    /** The fields ingest writes; the schema bound to {@link #EVENTS_MAP} must have them all. */
    public static final List<String> EVENT_FIELDS = List.of("id", "xname", "kind", "value", "eventTime", "receivedAt");

    /** Jet user metric (tag {@code user=true}): events a job has taken in. */
    public static final String PROCESSED_EVENTS_METRIC = JobCounters.EVENTS_PROCESSED;
    /** Jet user metric (tag {@code user=true}): events a job sent to {@link #DEAD_LETTER_MAP}. */
    public static final String DEAD_LETTERS_METRIC = JobCounters.DEAD_LETTERS;

    private TelemetryContract() {
    }
}
