package io.snapgrid.snapshot;

import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of a snapshot: a key's value (or tombstone) at a revision. Restore keeps, per key, the row with the
 * highest revision, so revisions must increase with every change of a key (a per-key counter or a hybrid logical
 * clock); that makes replaying a file twice or out of order harmless. The commit time is informational (history
 * queries) and kept to the millisecond, as stored.
 *
 * @param value the record in the map's Avro schema; null exactly when {@code op} is {@link SnapshotOp#DELETE}
 */
public record SnapshotRow(String key, SnapshotOp op, long revision, Instant commitTime, GenericRecord value) {

    public SnapshotRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        commitTime = Objects.requireNonNull(commitTime, "commitTime").truncatedTo(ChronoUnit.MILLIS);
        if ((op == SnapshotOp.UPSERT) != (value != null)) {
            throw new IllegalArgumentException("row of key " + key + ": an " + op + " must "
                    + (op == SnapshotOp.UPSERT ? "have" : "not have") + " a value");
        }
    }

    public static SnapshotRow upsert(String key, long revision, Instant commitTime, GenericRecord value) {
        return new SnapshotRow(key, SnapshotOp.UPSERT, revision, commitTime, Objects.requireNonNull(value, "value"));
    }

    public static SnapshotRow delete(String key, long revision, Instant commitTime) {
        return new SnapshotRow(key, SnapshotOp.DELETE, revision, commitTime, null);
    }
}
