package io.snapgrid.jobs.health;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node-health aggregate of one node over one frame, and, combined, over one window.
 * <p>
 * <b>Power transitions</b> are the changes of value between consecutive power readings of the node within the
 * window, in the order of (eventTime, event id). The readings themselves are kept, not a running count, so that
 * the result is the same whatever order the events arrive in (within the allowed lag) and however frames are
 * combined. A reading before the window does not count: a window whose only power reading is 0 has no transition.
 */
final class HealthFrame implements Serializable {

    private long heartbeats;
    private long lastHeartbeat = Long.MIN_VALUE;
    private double minTemperature = Double.POSITIVE_INFINITY;
    private double maxTemperature = Double.NEGATIVE_INFINITY;
    private double temperatureSum;
    private long temperatures;
    private final TreeMap<ReadingOrder, Double> power = new TreeMap<>();

    void add(TelemetryEvent event) {
        switch (event.kind()) {
            case HEARTBEAT -> {
                heartbeats++;
                lastHeartbeat = Math.max(lastHeartbeat, event.eventTime());
            }
            case TEMPERATURE -> {
                double value = event.value();
                minTemperature = Math.min(minTemperature, value);
                maxTemperature = Math.max(maxTemperature, value);
                temperatureSum += value;
                temperatures++;
            }
            case POWER -> power.put(new ReadingOrder(event.eventTime(), event.id()), event.value());
            case FAN, VOLTAGE -> {
                // Readings the summary has no field for: they make the node known and are counted, nothing more.
            }
        }
    }

    void merge(HealthFrame other) {
        heartbeats += other.heartbeats;
        lastHeartbeat = Math.max(lastHeartbeat, other.lastHeartbeat);
        minTemperature = Math.min(minTemperature, other.minTemperature);
        maxTemperature = Math.max(maxTemperature, other.maxTemperature);
        temperatureSum += other.temperatureSum;
        temperatures += other.temperatures;
        power.putAll(other.power);
    }

    HealthSummary summary() {
        long transitions = 0;
        Double previous = null;
        for (Double value : power.values()) {
            if (previous != null && !previous.equals(value)) {
                transitions++;
            }
            previous = value;
        }
        boolean hasTemperature = temperatures > 0;
        return new HealthSummary(heartbeats, heartbeats == 0 ? null : lastHeartbeat,
                hasTemperature ? minTemperature : null, hasTemperature ? maxTemperature : null,
                hasTemperature ? temperatureSum / temperatures : null, transitions);
    }

    /** The frame's form in Jet snapshots and between members ({@link HealthSerializers}). */
    void writeTo(ObjectDataOutput out) throws IOException {
        out.writeLong(heartbeats);
        out.writeLong(lastHeartbeat);
        out.writeDouble(minTemperature);
        out.writeDouble(maxTemperature);
        out.writeDouble(temperatureSum);
        out.writeLong(temperatures);
        out.writeInt(power.size());
        for (Map.Entry<ReadingOrder, Double> reading : power.entrySet()) {
            out.writeLong(reading.getKey().eventTime());
            out.writeString(reading.getKey().id());
            out.writeDouble(reading.getValue());
        }
    }

    static HealthFrame readFrom(ObjectDataInput in) throws IOException {
        HealthFrame frame = new HealthFrame();
        frame.heartbeats = in.readLong();
        frame.lastHeartbeat = in.readLong();
        frame.minTemperature = in.readDouble();
        frame.maxTemperature = in.readDouble();
        frame.temperatureSum = in.readDouble();
        frame.temperatures = in.readLong();
        for (int readings = in.readInt(); readings > 0; readings--) {
            frame.power.put(new ReadingOrder(in.readLong(), in.readString()), in.readDouble());
        }
        return frame;
    }

    /** Orders power readings by event time, ties broken by event id so that the order never depends on arrival. */
    private record ReadingOrder(long eventTime, String id) implements Comparable<ReadingOrder>, Serializable {

        @Override
        public int compareTo(ReadingOrder other) {
            int byTime = Long.compare(eventTime, other.eventTime);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }
}
