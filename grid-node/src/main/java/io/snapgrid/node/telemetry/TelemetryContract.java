package io.snapgrid.node.telemetry;

import java.util.List;

/**
 * What ingest and the Jet jobs of {@code jobs/} agree on, in one place: the maps, the event record's type, and the
 * names of the user metrics the jobs publish. The jobs module declares the same names; when both are on one
 * branch these constants should point at that module's.
 */
public final class TelemetryContract {

    /** Raw events, keyed by event id; the jobs read only its journal's ADDED events. */
    public static final String EVENTS_MAP = "telemetry.events";
    /** The node-health job's latest window per node (schemas/node-health.avsc). */
    public static final String NODE_HEALTH_MAP = "telemetry.node-health";
    /** Events a job could not use, with why (schemas/dead-letter.avsc). */
    public static final String DEAD_LETTER_MAP = "telemetry.dead-letter";
    /** Node-state transitions per rack and window (schemas/rack-states.avsc). */
    public static final String RACK_STATES_MAP = "stats.rack-states";

    /** The Compact type name, and Avro full name, of schemas/telemetry-event.avsc. */
    public static final String EVENT_TYPE = "snapgrid.telemetry.Event";
    /** The fields ingest writes; the schema bound to {@link #EVENTS_MAP} must have them all. */
    public static final List<String> EVENT_FIELDS = List.of("id", "xname", "kind", "value", "eventTime", "receivedAt");

    /** Jet user metric (tag {@code user=true}): events a job has taken in. */
    public static final String PROCESSED_EVENTS_METRIC = "processedEvents";
    /** Jet user metric (tag {@code user=true}): events a job sent to {@link #DEAD_LETTER_MAP}. */
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    private TelemetryContract() {
    }
}
