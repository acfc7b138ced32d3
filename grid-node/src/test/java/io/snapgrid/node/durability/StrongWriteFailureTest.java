package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.snapgrid.node.durability.DurableTesting.json;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strong write the commit log cannot make durable is refused, names its map, and leaves the map as it was; once
 * the log can write again, so can clients, and nothing acknowledged before is lost.
 */
class StrongWriteFailureTest {

    private static final String MAP = "inventory.nodes";

    @Test
    void aWriteTheCommitLogCannotMakeDurableFailsAndChangesNothing() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-strong-failure");
        // No periodic roll during the test: the test rolls when it wants the log to start a new segment. And no
        // node is old enough for the leader to flag: it flags a node whose heartbeat is older than warning-after
        // (these records' is from 2023), which CI once saw change x0 in the middle of this test.
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), "--snapshots.commit-log.roll-interval=1h",
                "--control.node-health.warning-after=87600h", "--control.node-health.alert-after=87624h")) {
            IMap<String, GenericRecord> nodes = cluster.client().getMap(MAP);
            GenericRecord before = node("nid0", "Ready");
            nodes.set("x0", before);

            // Running as root, permissions stop nothing; a file where the log's directory was stops the log from
            // starting a segment, which the roll below makes it do. Writes fail until it can start one again.
            SnapshotMapStores stores = cluster.bean(0, SnapshotMapStores.class);
            Path logDirectory = stores.logDirectory();
            Path aside = logDirectory.resolveSibling(logDirectory.getFileName() + ".aside");
            Files.move(logDirectory, aside);
            Files.writeString(logDirectory, "not a directory");
            assertEquals(List.of(), stores.rollLog(), "the roll cannot seal the segment");
            assertEquals(1.0, DurableTesting.count(cluster, "snapgrid.snapshots.flush.failures",
                    "commit log " + logDirectory), "the failed roll is counted");

            RuntimeException update = assertThrows(RuntimeException.class, () -> nodes.put("x0", node("nid0", "Off")));
            assertNotDurable(update);
            RuntimeException create = assertThrows(RuntimeException.class,
                    () -> nodes.set("x1", node("nid1", "Ready")));
            assertNotDurable(create);
            RuntimeException delete = assertThrows(RuntimeException.class, () -> nodes.delete("x0"));
            assertNotDurable(delete);
            Http.Reply rest = new Http(cluster.restUrl(0)).put("/v1/maps/" + MAP + "/entries/x2",
                    Records.node("nid2", "Ready"));
            assertEquals(503, rest.status(), rest.toString());
            assertEquals("5", rest.retryAfter(), "clients are told when to retry");
            assertEquals("urn:snapgrid:problem:not-durable", rest.json().path("type").asText(), rest.body());
            assertTrue(rest.body().contains("map " + MAP) && rest.body().contains("not made durable"), rest.body());

            assertEquals(json(before), json(nodes.get("x0")), "the failed update and delete left the value");
            assertNull(nodes.get("x1"), "the failed create left no entry");
            assertFalse(nodes.containsKey("x2"));
            assertEquals(1, nodes.size());

            Files.delete(logDirectory);
            Files.move(aside, logDirectory);
            GenericRecord after = node("nid1", "Off");
            nodes.set("x1", after);
            nodes.set("x3", node("nid3", "Ready"));
            assertEquals(json(after), json(nodes.get("x1")));

            assertFalse(stores.rollLog().isEmpty(), "the log rolls again, acknowledged rows from before included");
            Map<String, JsonNode> stored = DurableTesting.restored(root, MAP);
            assertEquals(Map.of("x0", json(before), "x1", json(after), "x3", json(node("nid3", "Ready"))), stored);
        }
    }

    private static void assertNotDurable(RuntimeException e) {
        String message = e.getMessage();
        assertTrue(message.contains("map " + MAP) && message.contains("not made durable"), message);
    }
}
