package io.snapgrid.records.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The node xname rule of the README's telemetry table, which REST ingest, the jobs and the generator share. */
class XnameTest {

    @ParameterizedTest
    @ValueSource(strings = {"x1000c4s4b1n1", "x0c0s0b0n0", "x9999c7s999b99n99", "x9c7s64b1n7", "x10c1s10b10n10"})
    void canonicalNodeXnamesParseAndPrintAsTheyWereWritten(String text) {
        assertEquals(text, Xname.parse(text).orElseThrow().toString(), "one node, one name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "x10000c0s0b0n0", "x1000c8s0b0n0", "x1000c10s0b0n0", // cabinet over 9999, chassis over 7
            "x1000c0s1000b0n0", "x1000c0s0b100n0", "x1000c0s0b0n100", // slot over 3 digits, BMC and node over 2
            "x01000c0s0b0n0", "x1000c00s0b0n0", "x1000c0s00b0n0", "x1000c0s0b01n0", "x1000c0s0b0n01", // leading zeros
            "X1000C0S0B0N0", "X1000c0s0b0n0", // upper case
            "x1000c0s0b0", "x1000", "x1000c0s0b0n0 ", " x1000c0s0b0n0", "x1000c0s0b0n0p0", // not a node, or more
            "rack-7", "x-1c0s0b0n0", "x1000c0s0b0n"})
    void namesOutsideTheRuleDoNotParse(String text) {
        assertEquals(Optional.empty(), Xname.parse(text));
    }

    @Test
    void theNumbersAreTheParts() {
        assertEquals(new Xname(1000, 4, 3, 1, 0), Xname.parse("x1000c4s3b1n0").orElseThrow());
    }

    @Test
    void aNodeKnowsItsRackAndItsBmc() {
        Xname xname = Xname.parse("x1000c4s4b1n1").orElseThrow();
        assertEquals("x1000", xname.rack());
        assertEquals("x1000c4s4b1", xname.bmcXname());
    }

    @Test
    void partsOutOfRangeMakeNoXname() {
        assertThrows(IllegalArgumentException.class, () -> new Xname(10_000, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Xname(0, 8, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Xname(0, 0, 1000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Xname(0, 0, 0, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new Xname(0, 0, 0, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new Xname(-1, 0, 0, 0, 0));
    }
}
