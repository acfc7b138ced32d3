package io.snapgrid.node.telemetry;

import com.hazelcast.internal.nio.IOUtil;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.query.impl.QueryableEntry;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sets each event's entry only if there is none, on the partition's owner under its lock, and answers per entry
 * whether the event is now stored because of this ingest: true when it wrote, or when the entry there holds the
 * very bytes it carries. The second case is Hazelcast retrying this same invocation after the first attempt wrote
 * (a member left mid-call), which must still report "accepted"; a client's re-send has a later {@code receivedAt},
 * so other bytes, and reports "duplicate". Writing only into an absent entry means a re-send never adds an event to
 * the map's journal. One instance carries the events of one partition (see {@link PartitionWrite}), keyed by id;
 * it is applied to each of their entries.
 * <p>
 * Events travel and are stored in the serialized form the receiving member made once: the owner and its backups
 * keep those bytes as the entry's value, where a {@link GenericRecord} would be serialized again on each of them
 * (Hazelcast also looks up the Compact schema's replication on every such write).
 * <p>
 * Not {@link com.hazelcast.core.Offloadable}: in Hazelcast 5.7 an entry operation sends its backup operation
 * (running {@link #getBackupProcessor()}, i.e. this processor, on each backup replica) only when the processor is
 * not offloaded; the backup sets the entry exactly when it is absent there, which is when the owner set it.
 */
public final class WriteOnce implements EntryProcessor<String, Object, Boolean>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private Map<String, Data> events;

    /** For Hazelcast's deserialisation. */
    public WriteOnce() {
    }

    /** @param events the serialized records, by id, the key each is written under */
    WriteOnce(Map<String, Data> events) {
        this.events = Objects.requireNonNull(events);
    }

    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
        Data event = events.get(entry.getKey());
        if (event == null) {
            throw new IllegalArgumentException("no event with id " + entry.getKey() + " in this write");
        }
        // A member's entry hands out the stored bytes without deserializing them.
        Object stored = entry instanceof QueryableEntry<?, ?> queryable ? queryable.getValueData() : entry.getValue();
        if (stored == null) {
            entry.setValue(event);
            return true;
        }
        return event.equals(stored);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(events.size());
        for (Map.Entry<String, Data> event : events.entrySet()) {
            out.writeString(event.getKey());
            IOUtil.writeData(out, event.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        events = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            events.put(in.readString(), IOUtil.readData(in));
        }
    }
}
