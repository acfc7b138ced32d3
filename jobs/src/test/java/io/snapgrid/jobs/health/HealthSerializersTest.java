package io.snapgrid.jobs.health;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.snapgrid.jobs.common.FieldSerializer;
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
            assertEquals(event, roundTrip(event, FieldSerializer.TELEMETRY_EVENT));
        }
    }

    @Test
    void windowsRoundTripInTheirOwnForm() {
        for (NodeHealthWindow window : new NodeHealthWindow[] {
                new NodeHealthWindow("x1000c0s0b0n0", 0, 300_000, 0, null, null, null, null, 0),
                new NodeHealthWindow("x1000c0s0b0n1", 30_000, 330_000, 12, 329_000L, 35.5, 71.25, 50.0, 3)}) {
            assertEquals(window, roundTrip(window, FieldSerializer.NODE_HEALTH_WINDOW));
        }
    }

    @Test
    void theHeartbeatProcessorTravelsWithItsTime() {
        RecordLastHeartbeat read = roundTrip(new RecordLastHeartbeat(1_700_000_123_456L),
                FieldSerializer.RECORD_LAST_HEARTBEAT);
        assertEquals(1_700_000_123_456L, read.lastHeartbeat());
    }

    @Test
    void framesRoundTripWithTheirPowerReadings() {
        HealthFrame frame = new HealthFrame();
        frame.add(new TelemetryEvent("h", "x0c0s0b0n0", TelemetryKind.HEARTBEAT, null, 1_000, 1_000));
        frame.add(new TelemetryEvent("t", "x0c0s0b0n0", TelemetryKind.TEMPERATURE, 41.5, 1_100, 1_100));
        for (int i = 0; i < 3; i++) {
            frame.add(new TelemetryEvent("p" + i, "x0c0s0b0n0", TelemetryKind.POWER, (double) (i % 2), 1_200 + i, 0));
        }
        HealthFrame read = roundTrip(frame, FieldSerializer.HEALTH_FRAME);
        assertEquals(frame.summary(), read.summary());
        assertEquals(2, read.summary().powerTransitions());

        HealthFrame later = new HealthFrame();
        later.add(new TelemetryEvent("p3", "x0c0s0b0n0", TelemetryKind.POWER, 1.0, 1_100, 0));
        read.merge(later);
        assertEquals(3, read.summary().powerTransitions(), "readings come back in their order, not as a count");
        HealthFrame empty = roundTrip(new HealthFrame(), FieldSerializer.HEALTH_FRAME);
        empty.merge(frame);
        assertEquals(frame.summary(), empty.summary(), "an empty frame stays neutral");
    }

    private static <T> T roundTrip(T item, int typeId) {
        Data data = serialization.toData(item);
        assertEquals(typeId, data.getType(), () -> item.getClass().getSimpleName() + " serialized by another serializer");
        return serialization.toObject(data);
    }
}
