package io.snapgrid.node.rest;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

import java.util.Map;

/** Removes an entry on its owner and says whether there was one, so a bulk delete reports per key atomically. */
final class RemoveEntry implements EntryProcessor<String, GenericRecord, Boolean> {

    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, GenericRecord> entry) {
        if (entry.getValue() == null) {
            return false;
        }
        entry.setValue(null);
        return true;
    }
}
