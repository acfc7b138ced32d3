package io.snapgrid.jobs.racks;

import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Rejected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rack-states job counts a node by the cabinet of its xname, and only keys that are node xnames count. */
class InventoryReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"x1000c4s4b1n1", "x0c0s0b0n0", "x9999c7s999b99n99"})
    void aNodeXnameKeyCountsForItsCabinet(String xname) {
        JournalItem item = InventoryReader.read(stateChange(xname));
        StateTransition transition = assertInstanceOf(StateTransition.class, item, item::toString);
        assertEquals(xname.substring(0, xname.indexOf('c')), transition.rack());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x10000c0s0b0n0", "x1000c8s0b0n0", "x01000c0s0b0n0", "x1000c0s0b100n0", "x1000c0s0b0",
            "rack-7"})
    void anyOtherKeyIsADeadLetter(String key) {
        JournalItem item = InventoryReader.read(stateChange(key));
        Rejected rejected = assertInstanceOf(Rejected.class, item, item::toString);
        assertTrue(rejected.detail().startsWith("key: \"" + key + "\" is not a node xname"), rejected::toString);
    }

    private static EventJournalMapEvent<Object, Object> stateChange(String key) {
        GenericRecord on = node("On");
        GenericRecord off = node("Off");
        return new EventJournalMapEvent<>() {
            @Override
            public Object getKey() {
                return key;
            }

            @Override
            public Object getNewValue() {
                return off;
            }

            @Override
            public Object getOldValue() {
                return on;
            }

            @Override
            public EntryEventType getType() {
                return EntryEventType.UPDATED;
            }

            @Override
            public boolean isAfterLostEvents() {
                return false;
            }
        };
    }

    private static GenericRecord node(String state) {
        return GenericRecordBuilder.compact("snapgrid.inventory.Node").setString("state", state).build();
    }
}
