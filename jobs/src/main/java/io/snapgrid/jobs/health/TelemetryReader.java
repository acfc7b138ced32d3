package io.snapgrid.jobs.health;

import com.hazelcast.core.EntryEventType;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Rejected;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.jobs.common.Xnames;
import io.snapgrid.records.RecordValidationException;
import org.apache.avro.generic.GenericData;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads the {@code telemetry.events} journal. Only ADDED events count: ingest writes each event once, and any
 * other change to the map (an update or removal by a client, an eviction) is not a new reading.
 * <p>
 * An event is usable when its value is a Compact {@code snapgrid.telemetry.Event} (read tolerantly by RecordType)
 * and:
 * <ul>
 *   <li>its id equals the map key;</li>
 *   <li>its xname is a node xname;</li>
 *   <li>its kind is a lower-case word; kinds other than heartbeat, power and temperature are valid but only make
 *   the node known to the job;</li>
 *   <li>a power value is 0 or 1, a temperature value is finite;</li>
 *   <li>its eventTime is after 2000-01-01 and at most {@link #MAX_AHEAD_OF_RECEIPT} after its receivedAt.</li>
 * </ul>
 * Anything else becomes a {@link Rejected} item; nothing here throws.
 */
public final class TelemetryReader {

    /** An event time further ahead of ingest's clock is a broken source clock, not a reading to keep. */
    static final Duration MAX_AHEAD_OF_RECEIPT = Duration.ofDays(1);
    static final long EARLIEST_EVENT_TIME = 946_684_800_000L; // 2000-01-01T00:00:00Z
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

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
        GenericData.Record avro;
        try {
            avro = Schemas.event().toAvro(compact);
        } catch (RecordValidationException e) {
            return invalid((e.path().isEmpty() ? "" : e.path() + ": ") + e.getMessage(), compact, key);
        }
        String id = avro.get("id").toString();
        String xname = avro.get("xname").toString();
        String kind = avro.get("kind").toString();
        Double reading = (Double) avro.get("value");
        long eventTime = (Long) avro.get("eventTime");
        long receivedAt = (Long) avro.get("receivedAt");
        if (key != null && !key.equals(id)) {
            return invalid("id: \"" + id + "\" differs from the map key \"" + key + "\"", compact, key);
        }
        if (!Xnames.isNode(xname)) {
            return invalid("xname: \"" + xname + "\" is not a node xname", compact, key);
        }
        if (!KIND.matcher(kind).matches()) {
            return invalid("kind: \"" + kind + "\" is not a lower-case word", compact, key);
        }
        if (TelemetryEvent.POWER.equals(kind) && (reading == null || (reading != 0d && reading != 1d))) {
            return invalid("value: a power reading is 0 or 1, got " + reading, compact, key);
        }
        if (TelemetryEvent.TEMPERATURE.equals(kind) && (reading == null || !Double.isFinite(reading))) {
            return invalid("value: a temperature reading is a finite number, got " + reading, compact, key);
        }
        if (eventTime < EARLIEST_EVENT_TIME || eventTime > receivedAt + MAX_AHEAD_OF_RECEIPT.toMillis()) {
            return invalid("eventTime: " + eventTime + " is before 2000 or more than " + MAX_AHEAD_OF_RECEIPT
                    + " after receivedAt " + receivedAt, compact, key);
        }
        return new TelemetryEvent(id, xname, kind, reading, eventTime, receivedAt);
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
