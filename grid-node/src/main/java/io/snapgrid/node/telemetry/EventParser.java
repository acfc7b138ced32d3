package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.snapgrid.node.Durations;
import io.snapgrid.records.inventory.Xname;
import io.snapgrid.records.telemetry.EventId;
import io.snapgrid.records.telemetry.EventTime;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Checks one event of a POST /v1/telemetry batch, read straight from the request's token stream (no tree). Every
 * field is checked in a fixed order and the first problem found is the event's one reason, named with its field, so
 * a client can fix its sender. What the JSON must look like is checked here; what the values must be is the event
 * contract of {@code records} that the jobs apply too.
 */
final class EventParser {

    private final Duration maxClockSkew;

    EventParser(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    sealed interface Parsed permits Valid, Rejected {
        /** The event's id as sent, if it was a string; results echo it even when it is not a valid id. */
        String id();
    }

    /** {@code xname} is in canonical form: that is the only form that parses. */
    record Valid(String id, String xname, TelemetryKind kind, Double value, long eventTime) implements Parsed {
    }

    /** {@code field} is null when the problem is the event as a whole (not a JSON object). */
    record Rejected(String id, String field, String reason) implements Parsed {
    }

    /** One field as sent: its token and, for a string or a number, its text or number; absent fields are null. */
    private record Field(JsonToken token, String text, Number number) {

        static Field read(JsonParser json) throws IOException {
            JsonToken token = json.currentToken();
            return switch (token) {
                case VALUE_STRING -> new Field(token, json.getText(), null);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Field(token, null, json.getNumberValue());
                case START_OBJECT, START_ARRAY -> {
                    json.skipChildren();
                    yield new Field(token, null, null);
                }
                default -> new Field(token, null, null);
            };
        }

        static boolean isNull(Field field) {
            return field == null || field.token == JsonToken.VALUE_NULL;
        }

        boolean isText() {
            return token == JsonToken.VALUE_STRING;
        }
    }

    /**
     * Reads the event that starts at {@code json}'s current token and leaves the parser on its last token. A
     * malformed document is the caller's to report, through the parser's {@link IOException}.
     */
    Parsed parse(JsonParser json, long receivedAt) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            json.skipChildren();
            return new Rejected(null, null, "each event must be a JSON object");
        }
        Field idField = null;
        Field xnameField = null;
        Field kindField = null;
        Field valueField = null;
        Field timeField = null;
        String misplaced = null; // the first field that is not an event's, in the order sent
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            Field field = Field.read(json);
            switch (name) {
                case "id" -> idField = field;
                case "xname" -> xnameField = field;
                case "kind" -> kindField = field;
                case "value" -> valueField = field;
                case "eventTime" -> timeField = field;
                default -> misplaced = misplaced == null ? name : misplaced;
            }
        }
        String id = idField != null && idField.isText() ? idField.text() : null;
        if ("receivedAt".equals(misplaced)) {
            return new Rejected(id, misplaced, "receivedAt is set by ingest; leave it out");
        }
        if (misplaced != null) {
            return new Rejected(id, misplaced, "unknown field; an event has id, xname, kind, value and eventTime");
        }

        String problem = textProblem(idField);
        if (problem == null && !EventId.isValid(id)) {
            problem = EventId.RULE;
        }
        if (problem != null) {
            return new Rejected(id, "id", problem);
        }

        problem = textProblem(xnameField);
        if (problem == null && Xname.parse(xnameField.text()).isEmpty()) {
            problem = "must be " + Xname.RULE;
        }
        if (problem != null) {
            return new Rejected(id, "xname", problem);
        }

        problem = textProblem(kindField);
        TelemetryKind kind = problem == null ? TelemetryKind.fromWire(kindField.text()).orElse(null) : null;
        if (problem == null && kind == null) {
            problem = "must be one of " + TelemetryKind.wireNames();
        }
        if (problem != null) {
            return new Rejected(id, "kind", problem);
        }

        // A value that is not a JSON number fails as NaN does: it is not a finite number.
        Double value = Field.isNull(valueField) ? null
                : valueField.number() != null ? valueField.number().doubleValue() : Double.NaN;
        problem = kind.valueProblem(value);
        if (problem != null) {
            return new Rejected(id, "value", problem);
        }

        if (Field.isNull(timeField)) {
            return new Rejected(id, "eventTime", "is required");
        }
        long eventTime = epochMillis(timeField);
        if (eventTime == Long.MIN_VALUE) {
            problem = "must be epoch milliseconds (a whole number) or an ISO-8601 time with an offset, such as"
                    + " 2025-01-31T12:00:00Z";
        } else if (EventTime.isBeforeEarliest(eventTime)) {
            problem = "is before " + EventTime.EARLIEST + " (epoch seconds sent as milliseconds?)";
        } else if (EventTime.isTooFarAhead(eventTime, receivedAt, maxClockSkew)) {
            problem = "is more than " + Durations.format(maxClockSkew) + " ahead of the receiving member's clock"
                    + " (telemetry.max-clock-skew)";
        }
        if (problem != null) {
            return new Rejected(id, "eventTime", problem);
        }
        return new Valid(id, xnameField.text(), kind, value, eventTime);
    }

    private static String textProblem(Field field) {
        if (Field.isNull(field)) {
            return "is required";
        }
        return field.isText() ? null : "must be a string";
    }

    /** Long.MIN_VALUE when it is no time; sub-millisecond digits of an ISO time are dropped. */
    private static long epochMillis(Field field) {
        if (field.token() == JsonToken.VALUE_NUMBER_INT) {
            return field.number() instanceof Integer || field.number() instanceof Long ? field.number().longValue()
                    : Long.MIN_VALUE;
        }
        if (!field.isText()) {
            return Long.MIN_VALUE;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(field.text(), Instant::from).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }
}
