package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.mapstore.RecordBytes;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs on a member: one key's rows in that member's commit log, values as Avro binary to cross the wire. */
final class LoggedKeyRows implements Callable<List<LoggedKeyRows.Row>>, Serializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String map;
    private final String key;
    private transient HazelcastInstance member;

    LoggedKeyRows(String map, String key) {
        this.map = map;
        this.key = key;
    }

    /** A row without its key (the caller knows it); value null for a delete. */
    record Row(long revision, long committedAtMillis, byte[] value) implements Serializable {

        SnapshotRow toRow(String key, RecordBytes values) {
            Instant at = Instant.ofEpochMilli(committedAtMillis);
            return value == null ? SnapshotRow.delete(key, revision, at)
                    : SnapshotRow.upsert(key, revision, at, values.decode(value));
        }
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public List<Row> call() throws IOException {
        List<Row> rows = new ArrayList<>();
        RecordBytes values = null;
        for (SnapshotRow row : SnapshotMapStores.of(member).loggedRows(map, key)) {
            if (row.op() == SnapshotOp.DELETE) {
                rows.add(new Row(row.revision(), row.commitTime().toEpochMilli(), null));
            } else {
                values = values != null ? values : new RecordBytes(row.value().getSchema());
                rows.add(new Row(row.revision(), row.commitTime().toEpochMilli(), values.encode(row.value())));
            }
        }
        return rows;
    }
}
