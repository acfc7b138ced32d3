package io.snapgrid.jobs;

/** The maps the jobs read and write, and the key formats of those they write. */
public final class JobMaps {

    /** Read: the node-health job consumes the ADDED events of its journal. Key: event id. */
    public static final String TELEMETRY_EVENTS = "telemetry.events";
    /** Written: the newest closed window of each node. Key: xname. Value: {@code snapgrid.telemetry.NodeHealth}. */
    public static final String NODE_HEALTH = "telemetry.node-health";
    /**
     * Written only with {@link JobSettings#keepHealthHistory()}: every emitted window. Key: {@code xname@windowEnd}.
     * Value: {@code snapgrid.telemetry.NodeHealth}.
     */
    public static final String NODE_HEALTH_HISTORY = "telemetry.node-health-history";
    /** Written: every event a job could not use. Key: {@code job:eventId} or {@code job:uuid}. */
    public static final String DEAD_LETTER = "telemetry.dead-letter";
    /** Written: node-state transitions per rack and window. Key: {@code rack@windowEnd}. */
    public static final String RACK_STATES = "stats.rack-states";
    /**
     * Read by the rack-states job (its journal's updates) and updated by the node-health job (a node's
     * {@code lastHeartbeat}, never creating a node). Key: xname.
     */
    public static final String INVENTORY_NODES = "inventory.nodes";

    private JobMaps() {
    }

    /** The key of one window in {@link #RACK_STATES} or {@link #NODE_HEALTH_HISTORY}. */
    public static String windowKey(String subject, long windowEnd) {
        return subject + "@" + windowEnd;
    }
}
