package io.snapgrid.jobs.window;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.snapgrid.jobs.common.FieldSerializer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A key's window state comes back from a snapshot with its frames, their accumulators and its two marks. */
class WindowSerializersTest {

    @Test
    void aKeysStateRoundTrips() {
        SerializationConfig config = new SerializationConfig();
        WindowSerializers.registerIn(config);
        SerializationService serialization = new DefaultSerializationServiceBuilder().setConfig(config).build();
        KeyWindows<Long> state = new KeyWindows<>(300_000);
        state.lastFrame = 330_000;
        state.frames.put(300_000L, 4L);
        state.frames.put(330_000L, 9L);

        Data data = serialization.toData(state);
        assertEquals(FieldSerializer.KEY_WINDOWS, data.getType());
        KeyWindows<Long> read = serialization.toObject(data);
        assertEquals(state.toString(), read.toString());
        assertEquals(state.frames, read.frames);

        KeyWindows<Long> fresh = serialization.toObject(serialization.toData(new KeyWindows<Long>(Long.MIN_VALUE)));
        assertEquals(new KeyWindows<Long>(Long.MIN_VALUE).toString(), fresh.toString());
    }
}
