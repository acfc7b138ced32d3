package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.Durations;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one event of a POST /v1/telemetry batch. Every field is checked in a fixed order and the first problem
 * found is the event's one reason, named with its field, so a client can fix its sender.
 */
final class EventParser {

    static final int MAX_ID = 128;
    /** The alphabet of REST keys, so an event can be read back at /v1/maps/telemetry.events/entries/{id}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_ID + "}");
    /**
     * A node's xname, x&lt;cabinet&gt;c&lt;chassis&gt;s&lt;slot&gt;b&lt;BMC&gt;n&lt;node&gt;, as HPE's hms-xname recognises it
     * ({@code ^x([0-9]{1,4})c([0-7])s([0-9]+)b([0-9]+)n([0-9]+)$}), in its canonical form: lower case and without
     * leading zeros, so one node has one name (and one key in inventory.nodes). Slot, BMC and node numbers are
     * bounded to three, two and two digits.
     */
    static final Pattern NODE_XNAME = Pattern.compile(
            "x(?:0|[1-9][0-9]{0,3})c[0-7]s(?:0|[1-9][0-9]{0,2})b(?:0|[1-9][0-9]?)n(?:0|[1-9][0-9]?)");
    /** Earlier event times are refused: they are nearly always epoch seconds sent as milliseconds. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Set<String> FIELDS = Set.of("id", "xname", "kind", "value", "eventTime");

    private final Duration maxClockSkew;

    EventParser(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    sealed interface Parsed permits Valid, Rejected {
        /** The event's id as sent, if it was a string; results echo it even when it is not a valid id. */
        String id();
    }

    record Valid(String id, String xname, TelemetryKind kind, Double value, long eventTime) implements Parsed {
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
        if (problem == null && (!ID.matcher(id).matches() || id.equals(".") || id.equals(".."))) {
            problem = "must be 1-" + MAX_ID + " letters, digits, '.', '_', ':', '@' or '-', and not '.' or '..'";
        }
        if (problem != null) {
            return new Rejected(id, "id", problem);
        }

        problem = textProblem(event.get("xname"));
        String xname = problem == null ? event.get("xname").textValue() : null;
        if (problem == null && !NODE_XNAME.matcher(xname).matches()) {
            problem = "must be a node xname x<cabinet>c<chassis>s<slot>b<bmc>n<node> such as x1000c4s4b1n1"
                    + " (lower case, no leading zeros, cabinet 0-9999, chassis 0-7)";
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
        boolean hasValue = valueNode != null && !valueNode.isNull();
        Double value = null;
        if (!kind.carriesValue()) {
            problem = hasValue ? "a " + kind.wireName() + " event carries no value; leave it out or null" : null;
        } else if (!hasValue) {
            problem = "is required for a " + kind.wireName() + " event";
        } else if (!valueNode.isNumber() || !Double.isFinite(valueNode.doubleValue())) {
            problem = "must be a finite number";
        } else {
            value = valueNode.doubleValue();
            problem = kind.valueProblem(value);
        }
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
        } else if (eventTime.isBefore(EARLIEST)) {
            problem = "is before " + EARLIEST + " (epoch seconds sent as milliseconds?)";
        } else if (eventTime.toEpochMilli() > receivedAt + maxClockSkew.toMillis()) {
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
