package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.Durations;
import io.snapgrid.records.inventory.Xname;
import io.snapgrid.records.telemetry.EventId;
import io.snapgrid.records.telemetry.EventTime;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Set;

/**
 * Checks one event of a POST /v1/telemetry batch. Every field is checked in a fixed order and the first problem
 * found is the event's one reason, named with its field, so a client can fix its sender. What the JSON must look
 * like is checked here; what the values must be is the event contract of {@code records} that the jobs apply too.
 */
final class EventParser {

    private static final Set<String> FIELDS = Set.of("id", "xname", "kind", "value", "eventTime");

    private final Duration maxClockSkew;

    EventParser(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    sealed interface Parsed permits Valid, Rejected {
        /** The event's id as sent, if it was a string; results echo it even when it is not a valid id. */
        String id();
    }

    record Valid(String id, Xname xname, TelemetryKind kind, Double value, long eventTime) implements Parsed {
    }

    /** {@code field} is null when the problem is the event as a whole (not a JSON object). */
    record Rejected(String id, String field, String reason) implements Parsed {
    }

    Parsed parse(JsonNode event, long receivedAt) {
        if (!event.isObject()) {
            return new Rejected(null, null, "each event must be a JSON object");
        }
        String id = event.path("id").isTextual() ? event.get("id").textValue() : null;
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("receivedAt")) {
                return new Rejected(id, name, "receivedAt is set by ingest; leave it out");
            }
            if (!FIELDS.contains(name)) {
                return new Rejected(id, name, "unknown field; an event has id, xname, kind, value and eventTime");
            }
        }

        String problem = textProblem(event.get("id"));
        if (problem == null && !EventId.isValid(id)) {
            problem = EventId.RULE;
        }
        if (problem != null) {
            return new Rejected(id, "id", problem);
        }

        problem = textProblem(event.get("xname"));
        Xname xname = problem == null ? Xname.parse(event.get("xname").textValue()).orElse(null) : null;
        if (problem == null && xname == null) {
            problem = "must be " + Xname.RULE;
        }
        if (problem != null) {
            return new Rejected(id, "xname", problem);
        }

        problem = textProblem(event.get("kind"));
        TelemetryKind kind = problem == null ? TelemetryKind.fromWire(event.get("kind").textValue()).orElse(null) : null;
        if (problem == null && kind == null) {
            problem = "must be one of " + TelemetryKind.wireNames();
        }
        if (problem != null) {
            return new Rejected(id, "kind", problem);
        }

        JsonNode valueNode = event.get("value");
        // A value that is not a JSON number fails as NaN does: it is not a finite number.
        Double value = valueNode == null || valueNode.isNull() ? null
                : valueNode.isNumber() ? valueNode.doubleValue() : Double.NaN;
        problem = kind.valueProblem(value);
        if (problem != null) {
            return new Rejected(id, "value", problem);
        }

        JsonNode timeNode = event.get("eventTime");
        if (timeNode == null || timeNode.isNull()) {
            return new Rejected(id, "eventTime", "is required");
        }
        Instant eventTime = instant(timeNode);
        if (eventTime == null) {
            problem = "must be epoch milliseconds (a whole number) or an ISO-8601 time with an offset, such as"
                    + " 2025-01-31T12:00:00Z";
        } else if (EventTime.isBeforeEarliest(eventTime.toEpochMilli())) {
            problem = "is before " + EventTime.EARLIEST + " (epoch seconds sent as milliseconds?)";
        } else if (EventTime.isTooFarAhead(eventTime.toEpochMilli(), receivedAt, maxClockSkew)) {
            problem = "is more than " + Durations.format(maxClockSkew) + " ahead of the receiving member's clock"
                    + " (telemetry.max-clock-skew)";
        }
        if (problem != null) {
            return new Rejected(id, "eventTime", problem);
        }
        return new Valid(id, xname, kind, value, eventTime.toEpochMilli());
    }

    private static String textProblem(JsonNode node) {
        if (node == null || node.isNull()) {
            return "is required";
        }
        return node.isTextual() ? null : "must be a string";
    }

    /** Sub-millisecond digits of an ISO time are dropped. */
    private static Instant instant(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Instant.ofEpochMilli(node.longValue()) : null;
        }
        if (!node.isTextual()) {
            return null;
        }
        try {
            Instant parsed = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.textValue(), Instant::from);
            return Instant.ofEpochMilli(parsed.toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
