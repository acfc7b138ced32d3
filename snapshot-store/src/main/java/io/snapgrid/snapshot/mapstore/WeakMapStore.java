package io.snapgrid.snapshot.mapstore;

import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Write-behind: Hazelcast hands over each flush (coalesced, one change per key) and it becomes one Parquet delta.
 * If the delta cannot be written, the call throws and Hazelcast keeps the changes queued and retries them. An entry
 * that can never be written (not a record of the schema) is reported and left out, so it cannot hold up the rest
 * of the queue forever (hazelcast#7762); it stays in memory.
 */
final class WeakMapStore extends DurableMapStore {

    WeakMapStore(SnapshotMapStores stores, DurableMap map) {
        super(stores, map);
        stores.trackBacklog(map.name());
    }

    @Override
    public void store(Object key, Object value) {
        storeAll(Map.of(key, value));
    }

    @Override
    public void storeAll(Map<Object, Object> entries) {
        Instant now = Instant.now();
        List<SnapshotRow> upserts = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> {
            try {
                upserts.add(rows.upsert(key, value, now));
            } catch (UnstorableRecordException e) {
                stores.events().unstorable(map.name(), key, e.getMessage());
            }
        });
        writeDelta(stores, map, upserts);
    }

    @Override
    public void delete(Object key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<Object> keys) {
        Instant now = Instant.now();
        List<SnapshotRow> tombstones = new ArrayList<>(keys.size());
        for (Object key : keys) {
            try {
                tombstones.add(rows.delete(key, now));
            } catch (UnstorableRecordException e) {
                stores.events().unstorable(map.name(), key, e.getMessage());
            }
        }
        writeDelta(stores, map, tombstones);
    }

    /** Writes the changes as one delta of the map; a failure is reported and thrown. */
    static void writeDelta(SnapshotMapStores stores, DurableMap map, List<SnapshotRow> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try (PendingSnapshot delta = stores.writer().beginDelta(map.name(), map.type().avroSchema())) {
            for (SnapshotRow change : changes) {
                delta.add(change);
            }
            delta.commit();
        } catch (IOException | RuntimeException e) {
            stores.events().flushFailed(map.name(), changes.size(), e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }
}
