package io.snapgrid.snapshot.mapstore;

import io.snapgrid.snapshot.SnapshotRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Write-through the member's commit log: Hazelcast calls this before it changes the entry, and the call returns
 * only once the change is fsync'd, so an acknowledged write is durable and a failed one is neither acknowledged nor
 * applied. Hazelcast runs these calls off the partition threads (MapStore offloading), so many writers wait at
 * once and share each fsync.
 */
final class StrongMapStore extends DurableMapStore {

    StrongMapStore(SnapshotMapStores stores, DurableMap map) {
        super(stores, map);
    }

    @Override
    public void store(Object key, Object value) {
        append(List.of(rows.upsert(key, value, Instant.now())));
    }

    @Override
    public void storeAll(Map<Object, Object> entries) {
        Instant now = Instant.now();
        List<SnapshotRow> upserts = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> upserts.add(rows.upsert(key, value, now)));
        append(upserts);
    }

    @Override
    public void delete(Object key) {
        append(List.of(rows.delete(key, Instant.now())));
    }

    @Override
    public void deleteAll(Collection<Object> keys) {
        Instant now = Instant.now();
        List<SnapshotRow> tombstones = new ArrayList<>(keys.size());
        keys.forEach(key -> tombstones.add(rows.delete(key, now)));
        append(tombstones);
    }

    private void append(List<SnapshotRow> changes) {
        try {
            stores.log().append(map.name(), changes).get();
        } catch (ExecutionException e) {
            throw new StrongWriteException("map " + map.name() + ": " + changes.size() + " change(s) not made durable,"
                    + " so not applied: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrongWriteException("map " + map.name() + ": interrupted before the change was durable", e);
        }
    }
}
