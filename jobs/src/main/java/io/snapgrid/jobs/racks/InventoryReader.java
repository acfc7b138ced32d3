package io.snapgrid.jobs.racks;

import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.common.Json;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Rejected;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.records.inventory.Xname;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads node-state transitions from the {@code inventory.nodes} journal.
 * <p>
 * <b>The rule:</b> a transition is an UPDATED event whose old and new values both carry a {@code state} and the two
 * differ. An insert or a load (ADDED, LOADED) has no state to leave, so it is not a transition; nor is a removal,
 * an eviction or a merge, nor an update that changes other fields only (the node-health job's lastHeartbeat
 * writes, labels, allocation...). Those are filtered out inside the journal read, before they reach Jet. An
 * update whose values cannot be read, whose key is not a node xname or whose new state is not a state of the Node
 * schema is rejected.
 */
public final class InventoryReader {

    private static final String STATE = "state";
    private static final String UNREADABLE = "\u0000unreadable";

    private InventoryReader() {
    }

    /** Runs on the partition thread for every journal event: keep it cheap and never throw. */
    public static boolean isStateChange(EventJournalMapEvent<Object, Object> event) {
        if (event.getType() != EntryEventType.UPDATED) {
            return false;
        }
        try {
            return !Objects.equals(state(event.getOldValue()), state(event.getNewValue()));
        } catch (RuntimeException unreadable) {
            return true; // read() rejects it with the reason
        }
    }

    public static JournalItem read(EventJournalMapEvent<Object, Object> event) {
        try {
            String xname = String.valueOf(event.getKey());
            String from = state(event.getOldValue());
            String to = state(event.getNewValue());
            String text = Json.object("xname", xname, "from", readable(from), "to", readable(to));
            if (from == UNREADABLE || to == UNREADABLE) {
                return new Rejected(DeadLetterReason.INVALID, "state: the old or new value is not a Node record"
                        + " with a state", text, null);
            }
            Optional<Xname> node = Xname.parse(xname);
            if (node.isEmpty()) {
                return new Rejected(DeadLetterReason.INVALID, "key: \"" + xname + "\" is not " + Xname.RULE, text,
                        null);
            }
            if (!Schemas.node().avroSchema().getField(STATE).schema().hasEnumSymbol(to)) {
                return new Rejected(DeadLetterReason.INVALID, "state: \"" + to + "\" is not a node state", text,
                        null);
            }
            return new StateTransition(xname, node.get().rack(), from, to);
        } catch (RuntimeException e) {
            return new Rejected(DeadLetterReason.UNREADABLE, "the key or a value cannot be deserialized: " + e, null,
                    null);
        }
    }

    private static String readable(String state) {
        return state == UNREADABLE ? null : state;
    }

    private static String state(Object value) {
        if (value instanceof GenericRecord node && node.getFieldKind(STATE) == FieldKind.STRING) {
            String state = node.getString(STATE);
            return state == null ? UNREADABLE : state;
        }
        return UNREADABLE;
    }
}
