package io.snapgrid.node.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of event ingest takes, and what each one's {@code value} must be. A heartbeat carries no value; every
 * other kind needs a finite number within the kind's physical range.
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

    private final Double min;
    private final Double max;
    private final String range;

    TelemetryKind(Double min, Double max, String range) {
        this.min = min;
        this.max = max;
        this.range = range;
    }

    /** The name events use: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean carriesValue() {
        return this != HEARTBEAT;
    }

    public static Optional<TelemetryKind> fromWire(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(TelemetryKind::wireName).collect(Collectors.joining(", "));
    }

    /** Null if {@code value} (finite) suits this kind; otherwise what it must be. */
    String valueProblem(double value) {
        if (this == POWER) {
            return value == 0.0 || value == 1.0 ? null : "a power event's value must be " + range;
        }
        if ((min != null && value < min) || (max != null && value > max)) {
            return "a " + wireName() + " event's value must be " + range;
        }
        return null;
    }
}
