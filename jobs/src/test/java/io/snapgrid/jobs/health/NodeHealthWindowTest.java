package io.snapgrid.jobs.health;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.jobs.common.Schemas;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window's Compact record is the one the schema's own conversion makes, and reads back as the window. */
class NodeHealthWindowTest {

    private static final NodeHealthWindow FULL =
            new NodeHealthWindow("x1000c0s0b0n1", 30_000, 330_000, 12, 329_000L, 35.5, 71.25, 50.0, 3);
    private static final NodeHealthWindow EMPTY =
            new NodeHealthWindow("x1000c0s0b0n0", 0, 300_000, 0, null, null, null, null, 0);

    @Test
    void theRecordIsTheSchemasOwnForm() {
        for (NodeHealthWindow window : new NodeHealthWindow[] {FULL, EMPTY}) {
            GenericRecord record = window.toCompact();
            assertTrue(Schemas.nodeHealth().hasWrittenKinds(record));
            assertEquals(Schemas.nodeHealth().toJson(throughAvro(window)), Schemas.nodeHealth().toJson(record));
            assertEquals(window, NodeHealthWindow.fromCompact(record));
        }
    }

    @Test
    void aClientsVariantOfTheKindsReadsTheSame() {
        GenericRecord clients = GenericRecordBuilder.compact(Schemas.nodeHealth().typeName())
                .setString("xname", FULL.xname()).setNullableInt64("windowStart", FULL.windowStart())
                .setInt64("windowEnd", FULL.windowEnd()).setInt64("heartbeats", FULL.heartbeats())
                .setInt64("lastHeartbeat", FULL.lastHeartbeat()).setFloat64("minTemperature", FULL.minTemperature())
                .setNullableFloat64("maxTemperature", FULL.maxTemperature())
                .setNullableFloat64("avgTemperature", FULL.avgTemperature())
                .setInt64("powerTransitions", FULL.powerTransitions()).build();
        assertFalse(Schemas.nodeHealth().hasWrittenKinds(clients));
        assertEquals(FULL, NodeHealthWindow.fromCompact(clients));
    }

    private static GenericRecord throughAvro(NodeHealthWindow window) {
        GenericData.Record avro = new GenericData.Record(Schemas.nodeHealth().avroSchema());
        avro.put("xname", window.xname());
        avro.put("windowStart", window.windowStart());
        avro.put("windowEnd", window.windowEnd());
        avro.put("heartbeats", window.heartbeats());
        avro.put("lastHeartbeat", window.lastHeartbeat());
        avro.put("minTemperature", window.minTemperature());
        avro.put("maxTemperature", window.maxTemperature());
        avro.put("avgTemperature", window.avgTemperature());
        avro.put("powerTransitions", window.powerTransitions());
        return Schemas.nodeHealth().toCompact(avro);
    }
}
