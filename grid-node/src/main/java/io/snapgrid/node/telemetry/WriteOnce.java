package io.snapgrid.node.telemetry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Sets an event's entry only if there is none, on the partition's owner under its lock, and answers whether the
 * event is now stored because of this ingest: true when it wrote, or when the entry there is the very record it
 * carries (same {@code receivedAt} and fields). The second case is Hazelcast retrying this same invocation after
 * the first attempt wrote (a member left mid-call), which must still report "accepted"; a client's re-send has a
 * later {@code receivedAt} and reports "duplicate". Writing only into an absent entry means a re-send never adds
 * an event to the map's journal.
 * <p>
 * Not {@link com.hazelcast.core.Offloadable}: in Hazelcast 5.7 an {@code EntryOperation} sends an
 * {@code EntryBackupOperation} (running {@link #getBackupProcessor()}, i.e. this processor, on each backup
 * replica) only when the processor is not offloaded; the backup sets the entry exactly when it is absent there,
 * which is when the owner set it. DataSerializable, because a {@link GenericRecord} is not java-serialisable.
 */
public final class WriteOnce implements EntryProcessor<String, GenericRecord, Boolean>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private GenericRecord event;

    /** For Hazelcast's deserialisation. */
    public WriteOnce() {
    }

    WriteOnce(GenericRecord event) {
        this.event = Objects.requireNonNull(event);
    }

    @Override
    public Boolean process(Map.Entry<String, GenericRecord> entry) {
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
        out.writeObject(event);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        event = in.readObject();
    }
}
