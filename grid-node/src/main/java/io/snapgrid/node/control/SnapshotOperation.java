package io.snapgrid.node.control;

import io.snapgrid.node.durability.SnapshotSummary;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An admin operation on the snapshot store, as recorded in {@link ControlMaps#OPERATIONS}: created by the member
 * that got the request, then changed only by the leader's fenced actions. Immutable; each change is a new record.
 *
 * @param requestedVia the address of the member that got the request
 * @param epoch        the leader epoch of the latest attempt; null until one starts
 * @param attempts     attempts started so far; an attempt that never finished (its member died) is retried
 * @param rowsWritten  rows written into the new snapshot so far (updated every few thousand rows, and at the end)
 * @param rowsTotal    rows of the chain being folded, known once the attempt has read it (else 0); at most what is
 *                     written, since superseded rows and tombstones are left out
 * @param summary      on success, what it did, e.g. "nothing to compact: ..."
 * @param snapshot     on success, the snapshot it wrote; null if there was nothing to write
 * @param error        on failure, why
 */
public record SnapshotOperation(String id, String kind, String map, State state, Instant createdAt,
                                String requestedVia, Instant startedAt, Instant finishedAt, Long epoch, int attempts,
                                long rowsWritten, long rowsTotal, String summary, SnapshotSummary snapshot, String error)
        implements Serializable {

    /** Fold the map's chain into a new full snapshot now, whether or not the 50% rule says it is due. */
    public static final String FULL_SNAPSHOT = "full-snapshot";

    public enum State {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    public SnapshotOperation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    static SnapshotOperation fullSnapshot(String id, String map, Instant now, String requestedVia) {
        return new SnapshotOperation(id, FULL_SNAPSHOT, map, State.PENDING, now, requestedVia, null, null, null, 0, 0,
                0, null, null, null);
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    SnapshotOperation running(long epoch, Instant now) {
        return new SnapshotOperation(id, kind, map, State.RUNNING, createdAt, requestedVia, now, null, epoch,
                attempts + 1, 0, 0, null, null, null);
    }

    SnapshotOperation withProgress(long rows, long total) {
        return new SnapshotOperation(id, kind, map, state, createdAt, requestedVia, startedAt, finishedAt, epoch,
                attempts, rows, total, summary, snapshot, error);
    }

    SnapshotOperation succeeded(Instant now, String result, SnapshotSummary written) {
        return new SnapshotOperation(id, kind, map, State.SUCCEEDED, createdAt, requestedVia, startedAt, now, epoch,
                attempts, written == null ? rowsWritten : written.rows(), rowsTotal, result, written, null);
    }

    SnapshotOperation failed(Instant now, String why) {
        return new SnapshotOperation(id, kind, map, State.FAILED, createdAt, requestedVia, startedAt, now, epoch,
                attempts, rowsWritten, rowsTotal, null, null, why);
    }
}
