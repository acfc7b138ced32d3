package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotFormatException;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestJsonTest {

    private static final String PATH = "map=inventory.nodes/manifests/0000000000000000007.json";
    private static final SnapshotManifest MANIFEST = new SnapshotManifest("inventory.nodes", 7, 6L, SnapshotKind.FULL,
            4L, Instant.parse("2026-11-21T06:00:00.123Z"), Inventory.NODE.avroSchema(), List.of(
            new SnapshotFile("map=inventory.nodes/data/t/part-00000.parquet", 250_000, 41_234_567, "ab".repeat(32)),
            new SnapshotFile("map=inventory.nodes/data/t/part-00001.parquet", 3, 1_000, "0f".repeat(32))));

    @Test
    void aManifestReadsBackEqual() throws SnapshotFormatException {
        assertEquals(MANIFEST, ManifestJson.read(ManifestJson.write(MANIFEST), PATH));
        SnapshotManifest delta = new SnapshotManifest("m", 1, null, SnapshotKind.DELTA, null, Instant.EPOCH,
                Inventory.COMPONENT.avroSchema(), List.of());
        assertEquals(delta, ManifestJson.read(ManifestJson.write(delta), PATH));
    }

    @Test
    void theJsonSpellsOutTheFormat() {
        String json = new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8);
        for (String expected : List.of("\"format\" : \"snapgrid-snapshot-manifest/1\"", "\"parentId\" : 6",
                "\"baseId\" : 4", "\"createdAt\" : \"2026-11-21T06:00:00.123Z\"", "\"rows\" : 250000",
                "\"bytes\" : 41234567", "\"name\" : \"Node\"")) {
            assertTrue(json.contains(expected), expected + " not in " + json);
        }
    }

    @Test
    void aDamagedManifestIsReportedWithItsPathAndField() {
        String json = new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8);
        assertInvalid("{not json", "not a JSON manifest");
        assertInvalid("[1]", "not a JSON object");
        assertInvalid(json.replace("snapgrid-snapshot-manifest/1", "other/2"), "unknown manifest format \"other/2\"");
        assertInvalid(json.replace("\"id\" : 7", "\"id\" : \"7\""), "field id must be an integer, got \"7\"");
        assertInvalid(json.replace("\"rows\" : 3,", ""), "missing field files[1].rows");
        assertInvalid(json.replace("\"FULL\"", "\"PARTIAL\""), "invalid manifest");
        assertInvalid(json.replace("\"baseId\" : 4", "\"baseId\" : 9"), "its base must be an earlier snapshot");
    }

    private static void assertInvalid(String json, String expected) {
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8), PATH));
        assertEquals(PATH, e.path());
        assertTrue(e.getMessage().startsWith(PATH + ": ") && e.getMessage().contains(expected), e.getMessage());
    }
}
