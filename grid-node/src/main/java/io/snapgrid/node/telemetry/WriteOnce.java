package io.snapgrid.node.telemetry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sets each event's entry only if there is none, on the partition's owner under its lock, and answers per entry
 * whether the event is now stored because of this ingest: true when it wrote, or when the entry there is the very
 * record it carries (same {@code receivedAt} and fields). The second case is Hazelcast retrying this same
 * invocation after the first attempt wrote (a member left mid-call), which must still report "accepted"; a client's
 * re-send has a later {@code receivedAt} and reports "duplicate". Writing only into an absent entry means a re-send
 * never adds an event to the map's journal. One instance carries the events of one partition (see
 * {@link PartitionWrite}), keyed by id; it is applied to each of their entries.
 * <p>
 * Not {@link com.hazelcast.core.Offloadable}: in Hazelcast 5.7 an entry operation sends its backup operation
 * (running {@link #getBackupProcessor()}, i.e. this processor, on each backup replica) only when the processor is
 * not offloaded; the backup sets the entry exactly when it is absent there, which is when the owner set it.
 * DataSerializable, because a {@link GenericRecord} is not java-serialisable.
 */
public final class WriteOnce implements EntryProcessor<String, GenericRecord, Boolean>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private Map<String, GenericRecord> events;

    /** For Hazelcast's deserialisation. */
    public WriteOnce() {
    }

    /** @param events by id, the key each is written under */
    WriteOnce(Map<String, GenericRecord> events) {
        this.events = Objects.requireNonNull(events);
    }

    @Override
    public Boolean process(Map.Entry<String, GenericRecord> entry) {
        GenericRecord event = events.get(entry.getKey());
        if (event == null) {
            throw new IllegalArgumentException("no event with id " + entry.getKey() + " in this write");
        }
        GenericRecord stored = entry.getValue();
        if (stored == null) {
            entry.setValue(event);
            return true;
        }
        return sameIngest(stored, event);
    }

    static boolean sameIngest(GenericRecord stored, GenericRecord event) {
        try {
            return stored.getInt64("receivedAt") == event.getInt64("receivedAt")
                    && stored.getInt64("eventTime") == event.getInt64("eventTime")
                    && Objects.equals(stored.getString("xname"), event.getString("xname"))
                    && Objects.equals(stored.getString("kind"), event.getString("kind"))
                    && Objects.equals(stored.getNullableFloat64("value"), event.getNullableFloat64("value"));
        } catch (HazelcastSerializationException | IllegalArgumentException e) {
            return false; // written by someone else with other field kinds: not this ingest's record
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(events.size());
        for (Map.Entry<String, GenericRecord> event : events.entrySet()) {
            out.writeString(event.getKey());
            out.writeObject(event.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int size = in.readInt();
        events = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            events.put(in.readString(), in.readObject());
        }
    }
}
