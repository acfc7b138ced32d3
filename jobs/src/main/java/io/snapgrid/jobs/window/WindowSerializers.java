package io.snapgrid.jobs.window;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.snapgrid.jobs.common.FieldSerializer;

import java.io.IOException;
import java.util.Map;

/**
 * Each key's window state goes into every Jet snapshot: a quarter of a million keys every snapshot interval at the
 * reference size, which Java serialization made a visible share of the ingest benchmark's CPU. The frames'
 * accumulators are written as objects, so each job's accumulator type brings its own serializer (or none).
 */
public final class WindowSerializers {

    private WindowSerializers() {
    }

    public static void registerIn(SerializationConfig config) {
        FieldSerializer.register(config, KeyWindows.class, FieldSerializer.KEY_WINDOWS, WindowSerializers::write,
                WindowSerializers::read);
    }

    private static void write(ObjectDataOutput out, KeyWindows<?> state) throws IOException {
        out.writeLong(state.closedUpTo);
        out.writeLong(state.lastFrame);
        out.writeInt(state.frames.size());
        for (Map.Entry<Long, ?> frame : state.frames.entrySet()) {
            out.writeLong(frame.getKey());
            out.writeObject(frame.getValue());
        }
    }

    private static KeyWindows<?> read(ObjectDataInput in) throws IOException {
        KeyWindows<Object> state = new KeyWindows<>(in.readLong());
        state.lastFrame = in.readLong();
        for (int frames = in.readInt(); frames > 0; frames--) {
            state.frames.put(in.readLong(), in.readObject());
        }
        return state;
    }
}
