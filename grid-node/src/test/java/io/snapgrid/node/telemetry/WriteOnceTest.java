package io.snapgrid.node.telemetry;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-once decision on its own: write into an absent entry; tell a retry of this ingest from a re-send. */
class WriteOnceTest {

    private static GenericRecord event(long receivedAt, Double value) {
        return GenericRecordBuilder.compact(TelemetryContract.EVENT_TYPE)
                .setString("id", "e1").setString("xname", "x1000c0s0b0n0").setString("kind", "temperature")
                .setNullableFloat64("value", value).setInt64("eventTime", 1_700_000_000_000L)
                .setInt64("receivedAt", receivedAt).build();
    }

    @Test
    void writesOnlyAnAbsentEntry() {
        GenericRecord mine = event(2_000, 40.0);
        Map.Entry<String, GenericRecord> absent = new AbstractMap.SimpleEntry<>("e1", null);
        assertTrue(new WriteOnce(Map.of("e1", mine)).process(absent));
        assertSame(mine, absent.getValue());

        GenericRecord stored = event(1_000, 40.0);
        Map.Entry<String, GenericRecord> present = new AbstractMap.SimpleEntry<>("e1", stored);
        assertFalse(new WriteOnce(Map.of("e1", mine)).process(present), "a re-send (later receivedAt) is a duplicate");
        assertSame(stored, present.getValue(), "and leaves the stored event alone");
    }

    @Test
    void aRetryOfTheSameIngestFindingItsOwnRecordStillCountsAsWritten() {
        Map.Entry<String, GenericRecord> present = new AbstractMap.SimpleEntry<>("e1", event(2_000, 40.0));
        assertTrue(new WriteOnce(Map.of("e1", event(2_000, 40.0))).process(present));
        assertFalse(new WriteOnce(Map.of("e1", event(2_000, 41.0))).process(present), "same receivedAt, other content: not ours");
        GenericRecord foreign = GenericRecordBuilder.compact(TelemetryContract.EVENT_TYPE).setString("id", "e1").build();
        assertFalse(WriteOnce.sameIngest(foreign, event(2_000, 40.0)), "a record of other fields is not ours");
        assertEquals(1_000, event(1_000, null).getInt64("receivedAt"));
    }
}
