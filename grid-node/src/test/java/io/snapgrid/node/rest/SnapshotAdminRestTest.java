package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Await;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.node.testing.TestSnapshots;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot admin API on two real members sharing one snapshot root, over real HTTP, with real Parquet files
 * written by {@code SnapshotWriter}. Each test uses maps of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotAdminRestTest {

    @TempDir
    static Path root;

    private TestCluster cluster;
    private TestSnapshots snapshots;

    @BeforeAll
    void start() {
        // The periodic snapshot-coordination round would compact the tests' maps behind their backs; only the round
        // at election runs, and the tests wait for it before writing.
        cluster = TestCluster.start(2, "--snapshots.root=" + root, "--control.snapshot-coordination.interval=1h");
        snapshots = new TestSnapshots(root, 200);
        Http http = new Http(cluster.restUrl(0));
        Await.until("the election's snapshot-coordination round", () -> {
            for (JsonNode duty : http.get("/v1/control").json().path("duties")) {
                if (duty.path("duty").asText().equals("snapshot-coordination")) {
                    return true;
                }
            }
            return false;
        });
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void theListingShowsEachMapsSnapshotsNewestFirst() {
        String map = "stats.listing";
        List<SnapshotManifest> written = new ArrayList<>(List.of(
                snapshots.full(map, null, 0, 100, 1),
                snapshots.delta(map, 50, 120, 2),
                snapshots.deletes(map, 0, 10, 3)));
        written.add(snapshots.full(map, 3L, 10, 120, 3));
        written.add(snapshots.delta(map, 0, 5, 4));
        SnapshotManifest other = snapshots.delta("stats.listing-other", 0, 3, 1);

        JsonNode listed = get(1, "/v1/snapshots?map=" + map).path("maps");
        assertEquals(1, listed.size(), listed::toString);
        assertEquals(map, listed.get(0).path("map").asText());
        JsonNode rows = listed.get(0).path("snapshots");
        assertEquals(written.size(), rows.size(), rows::toString);
        for (int i = 0; i < written.size(); i++) {
            SnapshotManifest manifest = written.get(written.size() - 1 - i);
            JsonNode row = rows.get(i);
            assertEquals(manifest.id(), row.path("id").asLong(), row::toString);
            assertEquals(manifest.kind().name().toLowerCase(), row.path("kind").asText(), row::toString);
            assertEquals(manifest.createdAt().toString(), row.path("createdAt").asText(), row::toString);
            assertEquals(manifest.rowCount(), row.path("rows").asLong(), row::toString);
            assertEquals(manifest.files().stream().mapToLong(SnapshotFile::byteSize).sum(), row.path("bytes").asLong(),
                    row::toString);
            assertEquals(manifest.files().size(), row.path("files").asInt(), row::toString);
            // Null fields are left out of the JSON.
            assertEquals(manifest.parentId(), row.has("parentId") ? row.path("parentId").asLong() : null,
                    row::toString);
            assertEquals(manifest.baseId(), row.has("baseId") ? row.path("baseId").asLong() : null, row::toString);
        }
        assertEquals("full", rows.get(1).path("kind").asText());
        assertEquals(3, rows.get(1).path("baseId").asLong());
        assertFalse(rows.get(4).has("parentId"), "the first snapshot has no parent");
        assertEquals(100, rows.get(4).path("rows").asLong());
        assertEquals(10, rows.get(2).path("rows").asLong(), "tombstones are rows too");

        List<String> everyMap = new ArrayList<>();
        get(0, "/v1/snapshots").path("maps").forEach(each -> everyMap.add(each.path("map").asText()));
        assertTrue(everyMap.indexOf(map) >= 0 && everyMap.indexOf(map) + 1 == everyMap.indexOf(other.map()),
                "maps in name order: " + everyMap);
        assertEquals(0, get(0, "/v1/snapshots?map=stats.never-written").path("maps").size());
        Http.Reply invalid = new Http(cluster.restUrl(0)).get("/v1/snapshots?map=..%2Fetc");
        assertProblem(invalid, 400, "invalid-map-name");
    }

    @Test
    void verifyReportsEachDamagedFileByPathAndKind() {
        String map = "stats.verify";
        SnapshotManifest full = snapshots.full(map, null, 0, 200, 1);
        SnapshotManifest flipped = snapshots.delta(map, 0, 50, 2);
        SnapshotManifest emptied = snapshots.delta(map, 50, 100, 3);
        snapshots.delta(map, 100, 150, 4);

        JsonNode clean = post(1, "/v1/snapshots/verify?map=" + map);
        assertTrue(clean.path("ok").asBoolean(), clean::toString);
        JsonNode cleanMap = clean.path("maps").get(0);
        assertEquals(map, cleanMap.path("map").asText());
        assertEquals(4, cleanMap.path("snapshots").asInt());
        assertEquals(4, cleanMap.path("files").asInt());
        assertEquals(0, cleanMap.path("problems").size());

        String flippedFile = flipped.files().get(0).path();
        snapshots.flipByte(flippedFile, flipped.files().get(0).byteSize() / 2);
        String truncatedFile = full.files().get(0).path();
        snapshots.truncate(truncatedFile, full.files().get(0).byteSize() - 10);
        String deletedFile = emptied.files().get(0).path();
        snapshots.deleteFile(deletedFile);

        JsonNode damaged = post(0, "/v1/snapshots/verify?map=" + map);
        assertFalse(damaged.path("ok").asBoolean(), damaged::toString);
        JsonNode damagedMap = damaged.path("maps").get(0);
        assertFalse(damagedMap.path("ok").asBoolean());
        assertEquals(4, damagedMap.path("snapshots").asInt());
        Set<String> problems = new TreeSet<>();
        for (JsonNode problem : damagedMap.path("problems")) {
            assertFalse(problem.path("detail").asText().isEmpty(), problem::toString);
            problems.add(problem.path("path").asText() + " " + problem.path("kind").asText());
        }
        assertEquals(new TreeSet<>(List.of(
                flippedFile + " CHECKSUM_MISMATCH",
                truncatedFile + " SIZE_MISMATCH",
                truncatedFile + " CHECKSUM_MISMATCH",
                truncatedFile + " UNREADABLE_FILE",
                deletedFile + " MISSING_FILE")), problems);

        JsonNode everything = post(1, "/v1/snapshots/verify");
        assertFalse(everything.path("ok").asBoolean(), everything::toString);
        boolean found = false;
        for (JsonNode each : everything.path("maps")) {
            if (each.path("map").asText().equals(map)) {
                found = true;
                assertEquals(5, each.path("problems").size(), each::toString);
            }
        }
        assertTrue(found, everything::toString);
    }

    private JsonNode get(int node, String path) {
        Http.Reply reply = new Http(cluster.restUrl(node)).get(path);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private JsonNode post(int node, String path) {
        Http.Reply reply = new Http(cluster.restUrl(node)).post(path, "");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    static void assertProblem(Http.Reply reply, int status, String kind) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply::toString);
        assertEquals("urn:snapgrid:problem:" + kind, reply.json().path("type").asText(), reply::toString);
    }
}
