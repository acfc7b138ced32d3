package io.snapgrid.jobs.health;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Rejected;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.records.telemetry.TelemetryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event a client wrote straight into telemetry.events is held to the rules REST ingest applies (the event
 * contract of records): what ingest would refuse becomes a dead letter, with the field that broke the rule.
 */
class TelemetryReaderTest {

    private static final long NOW = System.currentTimeMillis();

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "hb-1, x1000c4s4b1n1, heartbeat, none", "p-1, x9999c7s999b99n99, power, 1", "t:1, x0c0s0b0n0, temperature, -40",
            "f@1, x1c1s1b1n1, fan, 5400", "v_1, x10c0s64b1n7, voltage, -12.1"})
    void eventsIngestWouldAcceptAreRead(String id, String xname, String kind, Double value) {
        JournalItem item = read(new Telemetry(id, xname, kind, value, NOW));
        TelemetryEvent event = assertInstanceOf(TelemetryEvent.class, item, item::toString);
        assertEquals(TelemetryKind.fromWire(kind).orElseThrow(), event.kind());
        assertEquals(xname, event.xname());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "bad id, x1000c0s0b0n0, heartbeat, none, id:",
            "., x1000c0s0b0n0, heartbeat, none, id:",
            "e, x10000c0s0b0n0, heartbeat, none, xname:",  // five-digit cabinet
            "e, x1000c8s0b0n0, heartbeat, none, xname:",   // chassis 8
            "e, x01000c0s0b0n0, heartbeat, none, xname:",  // leading zero
            "e, x1000c0s0b0n100, heartbeat, none, xname:", // three-digit node
            "e, x1000c0s0b0, heartbeat, none, xname:",
            "e, x1000c0s0b0n0, humidity, 40, kind:",
            "e, x1000c0s0b0n0, Heart Beat, none, kind:",
            "e, x1000c0s0b0n0, heartbeat, 1, value:",
            "e, x1000c0s0b0n0, power, 0.5, value:",
            "e, x1000c0s0b0n0, temperature, -300, value:",
            "e, x1000c0s0b0n0, fan, -1, value:",
            "e, x1000c0s0b0n0, fan, none, value:",
            "e, x1000c0s0b0n0, voltage, NaN, value:"})
    void eventsIngestWouldRefuseAreDeadLetters(String id, String xname, String kind, Double value, String field) {
        JournalItem item = read(new Telemetry(id, xname, kind, value, NOW));
        Rejected rejected = assertInstanceOf(Rejected.class, item, item::toString);
        assertEquals(DeadLetterReason.INVALID, rejected.reason());
        assertTrue(rejected.detail().startsWith(field), rejected::toString);
    }

    @Test
    void eventTimesFrom2000UpToADayAheadOfReceipt() {
        assertInstanceOf(TelemetryEvent.class, read(Telemetry.heartbeat("t", "x0c0s0b0n0", 946_684_800_000L)));
        assertInstanceOf(Rejected.class, read(Telemetry.heartbeat("t", "x0c0s0b0n0", NOW / 1000)));
        assertInstanceOf(TelemetryEvent.class, read(Telemetry.heartbeat("t", "x0c0s0b0n0", NOW + 3_600_000)));
        assertInstanceOf(Rejected.class, read(Telemetry.heartbeat("t", "x0c0s0b0n0", NOW + 2 * 86_400_000L)));
    }

    @Test
    void anIdThatIsNotItsKeyIsRefused() {
        assertInstanceOf(Rejected.class, TelemetryReader.parse("other", Telemetry.heartbeat("e", "x0c0s0b0n0", NOW)
                .toCompact()));
    }

    /**
     * Ingest's records are read with the kinds' getters; one a client wrote with other kinds goes the tolerant
     * way, and both say the same.
     */
    @Test
    void aClientsVariantOfTheKindsReadsLikeIngestsRecord() {
        GenericRecord ingests = new Telemetry("t-1", "x1000c0s0b0n0", "temperature", 41.5, NOW).toCompact();
        GenericRecord clients = GenericRecordBuilder.compact(Schemas.event().typeName())
                .setString("id", "t-1").setString("xname", "x1000c0s0b0n0").setString("kind", "temperature")
                .setFloat64("value", 41.5).setNullableInt64("eventTime", NOW)
                .setNullableInt64("receivedAt", ingests.getInt64("receivedAt")).build();
        assertTrue(Schemas.event().hasWrittenKinds(ingests));
        assertFalse(Schemas.event().hasWrittenKinds(clients));

        assertEquals(TelemetryReader.parse("t-1", ingests), TelemetryReader.parse("t-1", clients));
    }

    @Test
    void aNullIdInRecordOfIngestsKindsIsRefused() {
        GenericRecord event = new Telemetry("t-1", "x1000c0s0b0n0", "heartbeat", null, NOW).toCompact()
                .newBuilderWithClone().setString("id", null).build();
        Rejected rejected = assertInstanceOf(Rejected.class, TelemetryReader.parse(null, event));
        assertEquals("id: null is not allowed", rejected.detail());
    }

    private static JournalItem read(Telemetry event) {
        return TelemetryReader.parse(event.id(), event.toCompact());
    }
}
