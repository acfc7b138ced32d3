package io.snapgrid.records.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The id, kind, value and eventTime rules of the README's telemetry table. */
class TelemetryEventContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "e-1", "node.x1000c0s0b0n0:42@bmc_7", "...", ".a"})
    void idsOfTheRestKeyAlphabetAreValid(String id) {
        assertTrue(EventId.isValid(id));
    }

    @Test
    void anIdMayBe128CharactersLong() {
        assertTrue(EventId.isValid("x".repeat(128)));
        assertFalse(EventId.isValid("x".repeat(129)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "bad id", "a/b", "a?b", "é", "a%20b"})
    void otherIdsAreNot(String id) {
        assertFalse(EventId.isValid(id));
    }

    @Test
    void theFiveKindsAreKnownByTheirLowerCaseNames() {
        assertEquals("heartbeat, power, temperature, fan, voltage", TelemetryKind.wireNames());
        assertEquals(Optional.of(TelemetryKind.FAN), TelemetryKind.fromWire("fan"));
        assertEquals(Optional.empty(), TelemetryKind.fromWire("Fan"));
        assertEquals(Optional.empty(), TelemetryKind.fromWire("humidity"));
        assertEquals(Optional.empty(), TelemetryKind.fromWire(null));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "heartbeat, none", "power, 0", "power, 1", "temperature, -273.15", "temperature, 41.5",
            "fan, 0", "fan, 5400", "voltage, -12.1", "voltage, 0"})
    void valuesWithinTheirKindsRule(String kind, Double value) {
        assertNull(TelemetryKind.fromWire(kind).orElseThrow().valueProblem(value));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "heartbeat, 1, carries no value", "heartbeat, 0, carries no value",
            "power, none, is required for a power event", "power, 0.5, 0 (off) or 1 (on)", "power, 2, 0 (off) or 1 (on)",
            "temperature, none, is required", "temperature, -273.16, at least -273.15", "temperature, NaN, finite",
            "temperature, Infinity, finite", "fan, -1, at least 0 (RPM)", "fan, none, is required",
            "voltage, none, is required", "voltage, -Infinity, finite"})
    void valuesOutsideTheirKindsRule(String kind, Double value, String problem) {
        String said = TelemetryKind.fromWire(kind).orElseThrow().valueProblem(value);
        assertTrue(said != null && said.contains(problem), kind + " " + value + ": " + said);
    }

    @Test
    void eventTimesFrom2000On() {
        long earliest = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
        assertFalse(EventTime.isBeforeEarliest(earliest));
        assertTrue(EventTime.isBeforeEarliest(earliest - 1));
        assertTrue(EventTime.isBeforeEarliest(1_738_324_800L), "epoch seconds");
    }

    @Test
    void eventTimesUpToTheAllowedLeadOverReceipt() {
        long receivedAt = 1_738_324_800_000L;
        Duration skew = Duration.ofMinutes(5);
        assertFalse(EventTime.isTooFarAhead(receivedAt - 3_600_000, receivedAt, skew));
        assertFalse(EventTime.isTooFarAhead(receivedAt + skew.toMillis(), receivedAt, skew));
        assertTrue(EventTime.isTooFarAhead(receivedAt + skew.toMillis() + 1, receivedAt, skew));
    }
}
