package io.snapgrid.jobs.health;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.io.IOException;

/**
 * Hazelcast serializers of the node-health job's hot items: every event crosses a partition thread (the journal
 * read serializes what {@link TelemetryReader} makes of it) and usually a member boundary (the edge keyed by
 * xname), and every window result is read on the partition owner and again on its backup. Java serialization of
 * these records took a third of the CPU at the ingest benchmark's load; a field-by-field form takes a fraction.
 * <p>
 * Registered in the member's config, not the job's: the journal projection and the map sinks' entry processors
 * run on partition threads, which know only the member's serializers. A member without them falls back to Java
 * serialization (the types stay {@code Serializable}), so every member of a cluster must register the same.
 */
public final class HealthSerializers {

    /** Type ids of Snapgrid's serializers; Hazelcast reserves the negative ones and 0. */
    static final int TELEMETRY_EVENT = 17_101;
    static final int NODE_HEALTH_WINDOW = 17_102;
    static final int RECORD_LAST_HEARTBEAT = 17_103;

    private HealthSerializers() {
    }

    public static void registerIn(SerializationConfig config) {
        register(config, TelemetryEvent.class, TELEMETRY_EVENT, HealthSerializers::writeEvent,
                HealthSerializers::readEvent);
        register(config, NodeHealthWindow.class, NODE_HEALTH_WINDOW, HealthSerializers::writeWindow,
                HealthSerializers::readWindow);
        register(config, RecordLastHeartbeat.class, RECORD_LAST_HEARTBEAT,
                (out, processor) -> out.writeLong(processor.lastHeartbeat()),
                in -> new RecordLastHeartbeat(in.readLong()));
    }

    private interface Writer<T> {
        void write(ObjectDataOutput out, T item) throws IOException;
    }

    private interface Reader<T> {
        T read(ObjectDataInput in) throws IOException;
    }

    /** A serializer made of a type id and the two halves of a field-by-field form. */
    private record FieldByField<T>(int typeId, Writer<T> writer, Reader<T> reader) implements StreamSerializer<T> {

        @Override
        public int getTypeId() {
            return typeId;
        }

        @Override
        public void write(ObjectDataOutput out, T item) throws IOException {
            writer.write(out, item);
        }

        @Override
        public T read(ObjectDataInput in) throws IOException {
            return reader.read(in);
        }
    }

    private static <T> void register(SerializationConfig config, Class<T> type, int typeId, Writer<T> writer,
                                     Reader<T> reader) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(type)
                .setImplementation(new FieldByField<>(typeId, writer, reader)));
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
        out.writeBoolean(window.lastHeartbeat() != null);
        if (window.lastHeartbeat() != null) {
            out.writeLong(window.lastHeartbeat());
        }
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
        Long lastHeartbeat = in.readBoolean() ? in.readLong() : null;
        return new NodeHealthWindow(xname, start, end, heartbeats, lastHeartbeat, readNullableDouble(in),
                readNullableDouble(in), readNullableDouble(in), in.readLong());
    }

    private static void writeNullable(ObjectDataOutput out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static Double readNullableDouble(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
