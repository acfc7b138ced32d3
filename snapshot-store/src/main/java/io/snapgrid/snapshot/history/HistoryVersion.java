package io.snapgrid.snapshot.history;

import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;

/**
 * One durable version of a key: a write or a delete as the snapshot files hold it.
 *
 * @param value the record in the map's newest schema; null for a delete
 */
public record HistoryVersion(long revision, Instant committedAt, SnapshotOp op, GenericRecord value) {

    static HistoryVersion of(SnapshotRow row) {
        return new HistoryVersion(row.revision(), row.commitTime(), row.op(), row.value());
    }

    public boolean isDelete() {
        return op == SnapshotOp.DELETE;
    }
}
