package io.snapgrid.jobs.health;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.snapgrid.jobs.testing.TestMembers;
import io.snapgrid.records.telemetry.TelemetryKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job's hot items travel in their own form on a member configured like grid-node's (not Java serialization),
 * and come back equal, null fields included.
 */
class HealthSerializersTest {

    private static TestMembers cluster;
    private static SerializationService serialization;

    @BeforeAll
    static void start() {
        cluster = TestMembers.start(1, 1);
        serialization = ((SerializationServiceSupport) cluster.member(0)).getSerializationService();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void eventsRoundTripInTheirOwnForm() {
        for (TelemetryEvent event : new TelemetryEvent[] {
                new TelemetryEvent("hb-1", "x1000c4s4b1n1", TelemetryKind.HEARTBEAT, null, 1_700_000_000_000L, 5L),
                new TelemetryEvent("t-1", "x0c0s0b0n0", TelemetryKind.TEMPERATURE, -40.5, 1L, 2L)}) {
            assertEquals(event, roundTrip(event, HealthSerializers.TELEMETRY_EVENT));
        }
    }

    @Test
    void windowsRoundTripInTheirOwnForm() {
        for (NodeHealthWindow window : new NodeHealthWindow[] {
                new NodeHealthWindow("x1000c0s0b0n0", 0, 300_000, 0, null, null, null, null, 0),
                new NodeHealthWindow("x1000c0s0b0n1", 30_000, 330_000, 12, 329_000L, 35.5, 71.25, 50.0, 3)}) {
            assertEquals(window, roundTrip(window, HealthSerializers.NODE_HEALTH_WINDOW));
        }
    }

    @Test
    void theHeartbeatProcessorTravelsWithItsTime() {
        RecordLastHeartbeat read = roundTrip(new RecordLastHeartbeat(1_700_000_123_456L),
                HealthSerializers.RECORD_LAST_HEARTBEAT);
        assertEquals(1_700_000_123_456L, read.lastHeartbeat());
    }

    private static <T> T roundTrip(T item, int typeId) {
        Data data = serialization.toData(item);
        assertEquals(typeId, data.getType(), () -> item.getClass().getSimpleName() + " serialized by another serializer");
        return serialization.toObject(data);
    }
}
