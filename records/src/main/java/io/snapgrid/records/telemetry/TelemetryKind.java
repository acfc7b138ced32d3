package io.snapgrid.records.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of telemetry event, and what each one's {@code value} must be: a heartbeat carries none, every other
 * kind a finite number within the kind's physical range. REST ingest refuses an event that breaks this and the jobs
 * dead-letter one that reached the map some other way, so both hold events to the same rule.
 */
public enum TelemetryKind {
    /** The node is alive; no value. */
    HEARTBEAT(null, null, null),
    /** Power state: 1 on, 0 off. */
    POWER(0.0, 1.0, "0 (off) or 1 (on)"),
    /** Degrees Celsius. */
    TEMPERATURE(-273.15, null, "at least -273.15 (degrees Celsius)"),
    /** Fan speed in RPM. */
    FAN(0.0, null, "at least 0 (RPM)"),
    /** Volts; rails may be negative. */
    VOLTAGE(null, null, null);

    private static final TelemetryKind[] KINDS = values();

    private final Double min;
    private final Double max;
    private final String range;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    TelemetryKind(Double min, Double max, String range) {
        this.min = min;
        this.max = max;
        this.range = range;
    }

    /** The name events use: lower case. */
    public String wireName() {
        return wireName;
    }

    private boolean carriesValue() {
        return this != HEARTBEAT;
    }

    /** Asked once per event on ingest and in the jobs, so a loop over the kinds rather than a stream. */
    public static Optional<TelemetryKind> fromWire(String name) {
        for (TelemetryKind kind : KINDS) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(TelemetryKind::wireName).collect(Collectors.joining(", "));
    }

    /** Null if {@code value} (null when absent) suits this kind; otherwise what it must be. */
    public String valueProblem(Double value) {
        if (!carriesValue()) {
            return value == null ? null : "a " + wireName() + " event carries no value; leave it out or null";
        }
        if (value == null) {
            return "is required for a " + wireName() + " event";
        }
        if (!Double.isFinite(value)) {
            return "must be a finite number";
        }
        boolean inRange = this == POWER ? value == 0.0 || value == 1.0
                : (min == null || value >= min) && (max == null || value <= max);
        return inRange ? null : "a " + wireName() + " event's value must be " + range;
    }
}
