package io.snapgrid.node.rest;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.records.RecordType;

import java.util.Optional;

/** A schema-bound map as the REST API serves it. Reads use {@link #existing()}, so they never create the map. */
record RecordMap(String name, StorageClass storageClass, RecordType type, ExistingMaps grid) {

    /** The map, created if it does not exist yet: for writes. */
    IMap<String, GenericRecord> map() {
        return grid.create(name);
    }

    /** The map if it exists: for reads, which find nothing in a map that does not. */
    Optional<IMap<String, GenericRecord>> existing() {
        return grid.find(name);
    }
}
