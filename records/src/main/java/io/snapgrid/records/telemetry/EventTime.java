package io.snapgrid.records.telemetry;

import java.time.Duration;
import java.time.Instant;

/** The bounds of an event's time, in epoch milliseconds. */
public final class EventTime {

    /** Earlier event times are refused: they are nearly always epoch seconds sent as milliseconds. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private EventTime() {
    }

    public static boolean isBeforeEarliest(long eventTime) {
        return eventTime < EARLIEST.toEpochMilli();
    }

    /** A time this far ahead of the member that received the event is a broken source clock, not a reading. */
    public static boolean isTooFarAhead(long eventTime, long receivedAt, Duration maxAhead) {
        return eventTime > receivedAt + maxAhead.toMillis();
    }
}
