package io.snapgrid.node.telemetry;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.compact.Schema;
import com.hazelcast.internal.serialization.impl.compact.SchemaService;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-once decision on its own: write into an absent entry; tell a retry of this ingest from a re-send. */
class WriteOnceTest {

    /** Serializes Compact records as a member does, with the schemas kept in this JVM instead of the cluster. */
    private static final SerializationService SERIALIZATION = new DefaultSerializationServiceBuilder()
            .setSchemaService(new SchemaService() {
                private final Map<Long, Schema> schemas = new ConcurrentHashMap<>();

                @Override
                public Schema get(long schemaId) {
                    return schemas.get(schemaId);
                }

                @Override
                public void put(Schema schema) {
                    schemas.put(schema.getSchemaId(), schema);
                }

                @Override
                public void putLocal(Schema schema) {
                    put(schema);
                }
            }).build();

    private static Data event(long receivedAt, Double value) {
        GenericRecord record = GenericRecordBuilder.compact(TelemetryContract.EVENT_TYPE)
                .setString("id", "e1").setString("xname", "x1000c0s0b0n0").setString("kind", "temperature")
                .setNullableFloat64("value", value).setInt64("eventTime", 1_700_000_000_000L)
                .setInt64("receivedAt", receivedAt).build();
        return SERIALIZATION.toData(record);
    }

    @Test
    void writesOnlyAnAbsentEntry() {
        Data mine = event(2_000, 40.0);
        Map.Entry<String, Object> absent = new AbstractMap.SimpleEntry<>("e1", null);
        assertTrue(new WriteOnce(Map.of("e1", mine)).process(absent));
        assertSame(mine, absent.getValue(), "the serialized form is stored as it came");

        Data stored = event(1_000, 40.0);
        Map.Entry<String, Object> present = new AbstractMap.SimpleEntry<>("e1", stored);
        assertFalse(new WriteOnce(Map.of("e1", mine)).process(present), "a re-send (later receivedAt) is a duplicate");
        assertSame(stored, present.getValue(), "and leaves the stored event alone");
    }

    @Test
    void aRetryOfTheSameIngestFindingItsOwnRecordStillCountsAsWritten() {
        Map.Entry<String, Object> present = new AbstractMap.SimpleEntry<>("e1", event(2_000, 40.0));
        assertTrue(new WriteOnce(Map.of("e1", event(2_000, 40.0))).process(present));
        assertFalse(new WriteOnce(Map.of("e1", event(2_000, 41.0))).process(present), "same receivedAt, other content: not ours");
        Data foreign = SERIALIZATION.toData(GenericRecordBuilder.compact(TelemetryContract.EVENT_TYPE)
                .setString("id", "e1").build());
        assertFalse(new WriteOnce(Map.of("e1", event(2_000, 40.0))).process(
                new AbstractMap.SimpleEntry<>("e1", foreign)), "a record of other fields is not ours");
        assertEquals(event(2_000, 40.0), event(2_000, 40.0), "one record serializes to the same bytes each time");
    }
}
