package io.snapgrid.jobs.health;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.snapgrid.jobs.common.FieldSerializer;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.io.IOException;

import static io.snapgrid.jobs.common.FieldSerializer.readNullableDouble;
import static io.snapgrid.jobs.common.FieldSerializer.readNullableLong;
import static io.snapgrid.jobs.common.FieldSerializer.register;
import static io.snapgrid.jobs.common.FieldSerializer.writeNullable;

/**
 * The node-health job's items in volume, field by field ({@link FieldSerializer}): every
 * event crosses a partition thread (the journal read serializes what {@link TelemetryReader} makes of it) and
 * usually a member boundary (the edge keyed by xname), every window result is read on the partition owner and
 * again on its backup, and every node's frames go into each Jet snapshot. Java serialization of these took a third
 * of the CPU at the ingest benchmark's load.
 */
public final class HealthSerializers {

    private HealthSerializers() {
    }

    public static void registerIn(SerializationConfig config) {
        register(config, TelemetryEvent.class, FieldSerializer.TELEMETRY_EVENT, HealthSerializers::writeEvent,
                HealthSerializers::readEvent);
        register(config, NodeHealthWindow.class, FieldSerializer.NODE_HEALTH_WINDOW, HealthSerializers::writeWindow,
                HealthSerializers::readWindow);
        register(config, RecordLastHeartbeat.class, FieldSerializer.RECORD_LAST_HEARTBEAT,
                (out, processor) -> out.writeLong(processor.lastHeartbeat()),
                in -> new RecordLastHeartbeat(in.readLong()));
        register(config, HealthFrame.class, FieldSerializer.HEALTH_FRAME, (out, frame) -> frame.writeTo(out),
                HealthFrame::readFrom);
    }

    private static void writeEvent(ObjectDataOutput out, TelemetryEvent event) throws IOException {
        out.writeString(event.id());
        out.writeString(event.xname());
        out.writeString(event.kind().wireName());
        writeNullable(out, event.value());
        out.writeLong(event.eventTime());
        out.writeLong(event.receivedAt());
    }

    private static TelemetryEvent readEvent(ObjectDataInput in) throws IOException {
        String id = in.readString();
        String xname = in.readString();
        String kind = in.readString();
        TelemetryKind known = TelemetryKind.fromWire(kind)
                .orElseThrow(() -> new IOException("unknown telemetry kind " + kind));
        return new TelemetryEvent(id, xname, known, readNullableDouble(in), in.readLong(), in.readLong());
    }

    private static void writeWindow(ObjectDataOutput out, NodeHealthWindow window) throws IOException {
        out.writeString(window.xname());
        out.writeLong(window.windowStart());
        out.writeLong(window.windowEnd());
        out.writeLong(window.heartbeats());
        writeNullable(out, window.lastHeartbeat());
        writeNullable(out, window.minTemperature());
        writeNullable(out, window.maxTemperature());
        writeNullable(out, window.avgTemperature());
        out.writeLong(window.powerTransitions());
    }

    private static NodeHealthWindow readWindow(ObjectDataInput in) throws IOException {
        String xname = in.readString();
        long start = in.readLong();
        long end = in.readLong();
        long heartbeats = in.readLong();
        Long lastHeartbeat = readNullableLong(in);
        return new NodeHealthWindow(xname, start, end, heartbeats, lastHeartbeat, readNullableDouble(in),
                readNullableDouble(in), readNullableDouble(in), in.readLong());
    }
}
