package io.snapgrid.snapshot.mapstore;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.SnapshotRow;

import java.time.Instant;

/** Turns a map's entries into snapshot rows: the key as a string, the value in the map's Avro schema, a revision. */
final class StoredRows {

    private final DurableMap map;
    private final RevisionClock clock;

    StoredRows(DurableMap map, RevisionClock clock) {
        this.map = map;
        this.clock = clock;
    }

    /** @throws UnstorableRecordException if the key is not a string or the value not a record of the schema */
    SnapshotRow upsert(Object key, Object value, Instant now) {
        return upsert(key, value, clock.next(), now);
    }

    /**
     * As {@link #upsert(Object, Object, Instant)}, with a revision given on the key's owner when the value was read
     * ({@link RevisionStamp}).
     */
    SnapshotRow upsert(Object key, Object value, long revision, Instant now) {
        String storedKey = key(key);
        if (!(value instanceof GenericRecord record)) {
            throw new UnstorableRecordException("map " + map.name() + ": the value of key " + storedKey + " is a "
                    + (value == null ? "null" : value.getClass().getName()) + ", not a " + map.type().typeName()
                    + " record", null);
        }
        try {
            return SnapshotRow.upsert(storedKey, revision, now, map.type().toAvro(record));
        } catch (RuntimeException e) {
            throw new UnstorableRecordException("map " + map.name() + ": the value of key " + storedKey
                    + " is not a " + map.type().typeName() + " record: " + e.getMessage(), e);
        }
    }

    SnapshotRow delete(Object key, Instant now) {
        return delete(key, clock.next(), now);
    }

    /** As {@link #delete(Object, Instant)}, with a revision the caller took ({@link PartitionTakeOvers}). */
    SnapshotRow delete(Object key, long revision, Instant now) {
        return SnapshotRow.delete(key(key), revision, now);
    }

    private String key(Object key) {
        if (key instanceof String text) {
            return text;
        }
        throw new UnstorableRecordException("map " + map.name() + ": key " + key + " is a "
                + (key == null ? "null" : key.getClass().getName()) + "; durable maps are keyed by strings", null);
    }
}
