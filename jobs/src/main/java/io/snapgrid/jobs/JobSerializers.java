package io.snapgrid.jobs;

import com.hazelcast.config.SerializationConfig;
import io.snapgrid.jobs.health.HealthSerializers;
import io.snapgrid.jobs.window.WindowSerializers;

/** The serializers every member running the catalogue's jobs registers (see {@code common.FieldSerializer}). */
public final class JobSerializers {

    private JobSerializers() {
    }

    public static void registerIn(SerializationConfig config) {
        HealthSerializers.registerIn(config);
        WindowSerializers.registerIn(config);
    }
}
