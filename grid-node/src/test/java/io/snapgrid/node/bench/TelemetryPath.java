package io.snapgrid.node.bench;

import java.io.IOException;

/**
 * How {@link TelemetryLoad}'s callers hand a batch of events to the grid: {@link RestTelemetry}, the product's path
 * ({@code POST /v1/telemetry}), or {@link PutAllTelemetry}, the Java client's {@code putAll} into a map that no Snapgrid code touches, as a
 * platform floor.
 * One instance serves every caller.
 */
interface TelemetryPath {

    /** The events of one batch, in the form this path sends; filled by one caller. */
    interface Batch {

        /** @param value the reading, {@code null} for a heartbeat */
        void add(String id, String xname, String kind, Double value, long eventTime);
    }

    /**
     * What one attempt got: HTTP's status and counts, or for a path without HTTP 202 with every event accepted.
     * {@code body} is for error messages only.
     */
    record Answer(int status, int accepted, int duplicates, int rejected, String body) {
    }

    Batch newBatch(int events);

    /** The map the events land in, for the check that finds every acknowledged one there. */
    String map();

    /**
     * Sends the batch once; {@code attempt} counts the caller's attempts, so that a path can rotate over members.
     *
     * @throws IOException when the batch may not have arrived: the caller re-sends it
     */
    Answer send(Batch batch, int attempt) throws IOException, InterruptedException;

    /** Where a failed attempt went, for the first-failure message. */
    String target(int attempt);
}
