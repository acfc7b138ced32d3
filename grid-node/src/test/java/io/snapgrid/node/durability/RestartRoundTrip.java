package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster that writes a strong and a weak map, takes a full snapshot over REST, verifies the store over REST and
 * stops gracefully; a cluster started on the same store then serves every change. Whatever the store's backend
 * ({@code extraFlags}), everything goes through the node's snapshot storage: the MapStores, the commit-log roll,
 * the leader's full snapshot, verification and restore.
 */
final class RestartRoundTrip {

    static final String STRONG = "inventory.nodes";
    static final String WEAK = "stats.test";
    private static final String DELETED = "x1000c0s7b0n0";

    private RestartRoundTrip() {
    }

    static void run(int members, Path root, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of(DurableTesting.nodeClass("stats-test", WEAK, "weak",
                schema(root), "snapshot-interval=1s")));
        // A delta of the strong map soon, so that a full snapshot can be asked for.
        flags.add("--snapshots.commit-log.roll-interval=1s");
        flags.addAll(List.of(extraFlags));
        String[] all = flags.toArray(String[]::new);
        Map<String, String> nodes = new HashMap<>();
        Map<String, String> stats = new HashMap<>();
        try (TestCluster first = TestCluster.start(members, root, List.of(), all)) {
            first.awaitReady();
            for (int i = 0; i < 200; i++) {
                String key = "x1000c0s" + i + "b0n0";
                String body = Records.node("nid" + i, i % 2 == 0 ? "Ready" : "Off");
                assertEquals(201, http(first, i).put("/v1/maps/" + STRONG + "/entries/" + key, body).status());
                nodes.put(key, body);
            }
            assertEquals(204, http(first, 0).delete("/v1/maps/" + STRONG + "/entries/" + DELETED).status());
            nodes.remove(DELETED);
            IMap<String, GenericRecord> weak = first.client().getMap(WEAK);
            for (int i = 0; i < 100; i++) {
                String json = Records.node("w" + i, "Ready");
                weak.put("k" + i, DurableTesting.NODE.toCompact(DurableTesting.json(json)));
                stats.put("k" + i, json);
            }
            fullSnapshot(http(first, members - 1));
            await("a delta of " + WEAK).until(() -> !snapshots(http(first, 0), WEAK).isEmpty());
            Http.Reply verified = http(first, 0).post("/v1/snapshots/verify", "");
            assertEquals(200, verified.status(), verified.toString());
            assertTrue(verified.json().path("ok").asBoolean(), verified.toString());
        }
        try (TestCluster second = TestCluster.start(members, root, List.of(), all)) {
            second.awaitReady();
            Http http = http(second, members - 1);
            IMap<String, GenericRecord> restored = second.client().getMap(STRONG);
            assertEquals(nodes.size(), restored.size());
            for (Map.Entry<String, String> node : nodes.entrySet()) {
                assertEquals(DurableTesting.json(node.getValue()),
                        http.get("/v1/maps/" + STRONG + "/entries/" + node.getKey()).json());
            }
            assertNull(restored.get(DELETED));
            assertEquals(stats.size(), second.client().getMap(WEAK).size());
        }
    }

    /** Asks the leader for a full snapshot of the strong map once it has a delta, and waits until it exists. */
    private static void fullSnapshot(Http http) {
        await("a delta of " + STRONG).until(() -> !snapshots(http, STRONG).isEmpty());
        Http.Reply asked = http.post("/v1/snapshots?map=" + STRONG, "");
        assertEquals(202, asked.status(), asked.toString());
        await("the full snapshot asked for").until(() -> {
            JsonNode operation = http.get(asked.location()).json();
            assertTrue(!operation.path("state").asText().equals("failed"), operation.toString());
            return operation.path("state").asText().equals("succeeded");
        });
        assertTrue(snapshots(http, STRONG).stream().anyMatch(snapshot -> snapshot.path("kind").asText().equals("full")),
                "listed: " + snapshots(http, STRONG));
    }

    private static List<JsonNode> snapshots(Http http, String map) {
        List<JsonNode> found = new ArrayList<>();
        http.get("/v1/snapshots?map=" + map).json().path("maps").forEach(listed -> listed.path("snapshots")
                .forEach(found::add));
        return found;
    }

    private static Http http(TestCluster cluster, int i) {
        return new Http(cluster.restUrl(i % cluster.size()));
    }

    private static Path schema(Path root) {
        try {
            return DurableTesting.nodeSchemaFile(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
