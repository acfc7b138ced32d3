package io.snapgrid.jobs.health;

import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Rejected;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.records.RecordValidationException;
import io.snapgrid.records.inventory.Xname;
import io.snapgrid.records.telemetry.EventId;
import io.snapgrid.records.telemetry.EventTime;
import io.snapgrid.records.telemetry.TelemetryKind;
import org.apache.avro.generic.GenericData;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads the {@code telemetry.events} journal. Only ADDED events count: ingest writes each event once, and any
 * other change to the map (an update or removal by a client, an eviction) is not a new reading.
 * <p>
 * An event is usable when its value is a Compact {@code snapgrid.telemetry.Event} (read tolerantly by RecordType)
 * that REST ingest would have accepted, since a client can also write the map directly:
 * <ul>
 *   <li>its id is a valid {@link EventId} and equals the map key;</li>
 *   <li>its xname is an {@link Xname};</li>
 *   <li>its kind is a {@link TelemetryKind} and its value suits the kind; fan and voltage readings only make the
 *   node known to the job;</li>
 *   <li>its eventTime is not before {@link EventTime#EARLIEST} and at most {@link #MAX_AHEAD_OF_RECEIPT} after its
 *   receivedAt.</li>
 * </ul>
 * Anything else becomes a {@link Rejected} item; nothing here throws.
 */
public final class TelemetryReader {

    /**
     * Ingest refuses times more than telemetry.max-clock-skew ahead of receipt, but the jobs are not given that
     * setting; a day is above any sensible skew, so an event ingest accepted is never refused here.
     */
    static final Duration MAX_AHEAD_OF_RECEIPT = Duration.ofDays(1);

    private TelemetryReader() {
    }

    public static boolean isAdded(EventJournalMapEvent<Object, Object> event) {
        return event.getType() == EntryEventType.ADDED;
    }

    public static JournalItem read(EventJournalMapEvent<Object, Object> event) {
        String key;
        try {
            Object raw = event.getKey();
            key = raw == null ? null : raw.toString();
        } catch (RuntimeException e) {
            return new Rejected(DeadLetterReason.UNREADABLE, "the key cannot be deserialized: " + e, null, null);
        }
        Object value;
        try {
            value = event.getNewValue();
        } catch (RuntimeException e) {
            return new Rejected(DeadLetterReason.UNREADABLE, "the value cannot be deserialized: " + e, null, key);
        }
        try {
            return parse(key, value);
        } catch (RuntimeException e) {
            return new Rejected(DeadLetterReason.INVALID, "cannot be read: " + e, text(value), key);
        }
    }

    static JournalItem parse(String key, Object value) {
        if (!(value instanceof GenericRecord compact)) {
            return new Rejected(DeadLetterReason.NOT_A_RECORD, "expected a Compact " + Schemas.event().typeName()
                    + ", got " + (value == null ? "null" : value.getClass().getName()), text(value), key);
        }
        String id;
        String xname;
        String kindName;
        Double reading;
        long eventTime;
        long receivedAt;
        if (Schemas.event().hasWrittenKinds(compact)) {
            // What ingest writes: read with the kinds' getters; a null string is left to the checks below.
            id = compact.getString("id");
            xname = compact.getString("xname");
            kindName = compact.getString("kind");
            reading = compact.getNullableFloat64("value");
            eventTime = compact.getInt64("eventTime");
            receivedAt = compact.getInt64("receivedAt");
        } else {
            GenericData.Record avro;
            try {
                avro = Schemas.event().toAvro(compact);
            } catch (RecordValidationException e) {
                return invalid((e.path().isEmpty() ? "" : e.path() + ": ") + e.getMessage(), compact, key);
            }
            id = avro.get("id").toString();
            xname = avro.get("xname").toString();
            kindName = avro.get("kind").toString();
            reading = (Double) avro.get("value");
            eventTime = (Long) avro.get("eventTime");
            receivedAt = (Long) avro.get("receivedAt");
        }
        if (id == null || xname == null || kindName == null) {
            return invalid((id == null ? "id" : xname == null ? "xname" : "kind") + ": null is not allowed", compact,
                    key);
        }
        if (!EventId.isValid(id)) {
            return invalid("id: \"" + id + "\" " + EventId.RULE, compact, key);
        }
        if (key != null && !key.equals(id)) {
            return invalid("id: \"" + id + "\" differs from the map key \"" + key + "\"", compact, key);
        }
        if (Xname.parse(xname).isEmpty()) {
            return invalid("xname: \"" + xname + "\" is not " + Xname.RULE, compact, key);
        }
        Optional<TelemetryKind> kind = TelemetryKind.fromWire(kindName);
        if (kind.isEmpty()) {
            return invalid("kind: \"" + kindName + "\" is not one of " + TelemetryKind.wireNames(), compact, key);
        }
        String valueProblem = kind.get().valueProblem(reading);
        if (valueProblem != null) {
            return invalid("value: " + valueProblem + ", got " + reading, compact, key);
        }
        if (EventTime.isBeforeEarliest(eventTime)) {
            return invalid("eventTime: " + eventTime + " is before " + EventTime.EARLIEST, compact, key);
        }
        if (EventTime.isTooFarAhead(eventTime, receivedAt, MAX_AHEAD_OF_RECEIPT)) {
            return invalid("eventTime: " + eventTime + " is more than " + MAX_AHEAD_OF_RECEIPT + " after receivedAt "
                    + receivedAt, compact, key);
        }
        return new TelemetryEvent(id, xname, kind.get(), reading, eventTime, receivedAt);
    }

    private static Rejected invalid(String detail, GenericRecord compact, String key) {
        return new Rejected(DeadLetterReason.INVALID, detail, text(compact), key);
    }

    /** The value as JSON if it is a readable event, else as Hazelcast or Java prints it. */
    private static String text(Object value) {
        if (value instanceof GenericRecord compact) {
            try {
                return Schemas.event().toJson(compact).toString();
            } catch (RuntimeException notAnEvent) {
                return compact.toString();
            }
        }
        return String.valueOf(value);
    }
}
