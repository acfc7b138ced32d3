package io.snapgrid.node.rest;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.records.RecordType;

/** A schema-bound map as the REST API serves it. */
record RecordMap(String name, StorageClass storageClass, RecordType type, IMap<String, GenericRecord> map) {
}
