package io.snapgrid.jobs.common;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * A Hazelcast serializer made of a type id and the two halves of a field-by-field form, for the items the jobs
 * pass between members, to partition threads and into Jet snapshots in volume. Registered in the member's config,
 * not a job's: journal projections and map sinks' entry processors run on partition threads, which know only the
 * member's serializers. A member without them falls back to Java serialization (the types stay
 * {@code Serializable}), so every member of a cluster must register the same.
 */
public record FieldSerializer<T>(int typeId, Writer<T> writer, Reader<T> reader) implements StreamSerializer<T> {

    /** Type ids of Snapgrid's serializers; Hazelcast reserves the negative ones and 0. */
    public static final int TELEMETRY_EVENT = 17_101;
    public static final int NODE_HEALTH_WINDOW = 17_102;
    public static final int RECORD_LAST_HEARTBEAT = 17_103;
    public static final int KEY_WINDOWS = 17_104;
    public static final int HEALTH_FRAME = 17_105;

    public interface Writer<T> {
        void write(ObjectDataOutput out, T item) throws IOException;
    }

    public interface Reader<T> {
        T read(ObjectDataInput in) throws IOException;
    }

    public static <T> void register(SerializationConfig config, Class<T> type, int typeId, Writer<T> writer,
                                    Reader<T> reader) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(type)
                .setImplementation(new FieldSerializer<>(typeId, writer, reader)));
    }

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

    public static void writeNullable(ObjectDataOutput out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    public static Double readNullableDouble(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    public static void writeNullable(ObjectDataOutput out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    public static Long readNullableLong(ObjectDataInput in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
