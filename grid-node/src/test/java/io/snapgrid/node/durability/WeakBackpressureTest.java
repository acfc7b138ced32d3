package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.map.ReachedMaxSizeException;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.durability.DurableTesting.json;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a weak map's store fails, its write-behind backlog grows until the node refuses writes with a message that
 * says why, well before Hazelcast's own queue limit; once the store is back the backlog drains, writes are accepted
 * again, and every acknowledged write is in the snapshots.
 */
class WeakBackpressureTest {

    private static final String MAP = "stats.backpressure";
    private static final int LIMIT = 200;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)   // a flush that never ends fails the test instead of hanging it
    void aFailingStoreFillsTheBacklogUntilWritesAreRefusedThenItDrains() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-backpressure");
        String[] flags = flags(root);
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), flags)) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            Map<String, GenericRecord> acknowledged = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                put(map, acknowledged, "before" + i);
            }
            map.flush();
            Path mapDirectory = root.resolve("map=" + MAP);
            assertTrue(Files.isDirectory(mapDirectory), "the first flush wrote a delta");

            // Running as root, permissions stop nothing; a file where the map's directory was fails every delta.
            Path aside = root.resolve("aside");
            Files.move(mapDirectory, aside);
            Files.writeString(mapDirectory, "not a directory");

            for (int i = 0; i < LIMIT / 4; i++) {
                put(map, acknowledged, "failing" + i);
            }
            await("a flush of " + MAP + " fails").until(() ->
                    DurableTesting.count(cluster, "snapgrid.snapshots.flush.failures", MAP) > 0);

            RuntimeException refused = null;
            String refusedKey = null;
            for (int i = 0; i < 20 * LIMIT && refused == null; i++) {
                try {
                    refusedKey = "during" + i;
                    put(map, acknowledged, refusedKey);
                    Thread.sleep(1);
                } catch (RuntimeException e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "no write was refused although the store fails");
            assertFalse(refused instanceof ReachedMaxSizeException, refused.toString());
            String message = refused.getMessage();
            assertTrue(message.contains("map " + MAP) && message.contains("wait to be written to the snapshot store")
                    && message.contains("limit " + LIMIT), message);
            assertTrue(acknowledged.size() >= LIMIT, "refused only at the limit: " + acknowledged.size());
            assertNull(map.get(refusedKey), "a refused write leaves no entry");
            GenericRecord before0 = acknowledged.get("before0");
            RuntimeException again = assertThrows(RuntimeException.class, () -> map.set("before0", node("x", "Off")));
            assertTrue(again.getMessage().contains("wait to be written"), "updates are refused too: " + again);
            assertEquals(json(before0), json(map.get("before0")), "a refused update leaves the value");
            Http.Reply overRest = new Http(cluster.restUrl(0)).put("/v1/maps/" + MAP + "/entries/rest0",
                    Records.node("nid-rest0", "Ready"));
            assertEquals(503, overRest.status(), overRest.toString());
            assertEquals("5", overRest.retryAfter(), "clients are told when to retry");
            assertEquals("urn:snapgrid:problem:snapshot-backlog-full", overRest.json().path("type").asText(),
                    overRest.body());
            assertNull(map.get("rest0"), "a write refused over REST leaves no entry");

            Files.delete(mapDirectory);
            Files.move(aside, mapDirectory);
            await("writes are accepted again").until(() -> {
                try {
                    put(map, acknowledged, "after");
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            map.flush();
            assertEquals(0, cluster.member(0).getMap(MAP).getLocalMapStats().getDirtyEntryCount());

            Map<String, JsonNode> expected = new HashMap<>();
            acknowledged.forEach((key, value) -> expected.put(key, json(value)));
            DurableTesting.assertSameEntries("every acknowledged write is stored", expected,
                    DurableTesting.restored(root, MAP));
        }
    }

    private static void put(IMap<String, GenericRecord> map, Map<String, GenericRecord> acknowledged, String key) {
        GenericRecord value = node(key, "Ready");
        map.set(key, value);
        acknowledged.put(key, value);
    }

    private static String[] flags(Path root) throws Exception {
        String[] weak = DurableTesting.nodeClass("backpressure", MAP, "weak", DurableTesting.nodeSchemaFile(root),
                "snapshot-interval=1s");
        String[] flags = new String[weak.length + 1];
        System.arraycopy(weak, 0, flags, 0, weak.length);
        flags[weak.length] = "--snapshots.weak-backlog-limit=" + LIMIT;
        return flags;
    }
}
