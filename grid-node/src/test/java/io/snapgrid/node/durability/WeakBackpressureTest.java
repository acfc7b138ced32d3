package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.map.ReachedMaxSizeException;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.S3Store;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.s3.S3ProxyServer;
import io.snapgrid.snapshot.s3.S3SnapshotStorage;
import io.snapgrid.snapshot.s3.S3Tuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * again, and every acknowledged write is in the snapshots. On a filesystem whose map directory is made unwritable,
 * and with snapshots in S3 while s3proxy is stopped, where strong writes also go on (their log is local) and reach
 * the bucket once it answers again.
 */
class WeakBackpressureTest {

    private static final String MAP = "stats.backpressure";
    private static final String STRONG = "inventory.nodes";
    private static final int LIMIT = 200;

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("snapgrid-outage", true);

    /** How a test makes the snapshot store fail, and mends it. */
    private interface Outage {
        void begin() throws Exception;

        void end() throws Exception;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)   // a flush that never ends fails the test instead of hanging it
    void aFailingStoreFillsTheBacklogUntilWritesAreRefusedThenItDrains() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-backpressure");
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), flags(root))) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            Map<String, GenericRecord> acknowledged = firstFlush(map);
            Path mapDirectory = root.resolve("map=" + MAP);
            assertTrue(Files.isDirectory(mapDirectory), "the first flush wrote a delta");
            Path aside = root.resolve("aside");
            refusedUntilTheStoreIsBack(cluster, map, acknowledged, new Outage() {
                @Override
                public void begin() throws IOException {
                    // Running as root, permissions stop nothing; a file where the map's directory was fails every delta.
                    Files.move(mapDirectory, aside);
                    Files.writeString(mapDirectory, "not a directory");
                }

                @Override
                public void end() throws IOException {
                    Files.delete(mapDirectory);
                    Files.move(aside, mapDirectory);
                }
            });
            DurableTesting.assertSameEntries("every acknowledged write is stored", expected(acknowledged),
                    DurableTesting.restored(root, MAP));
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withS3DownStrongWritesGoOnWeakOnesAreRefusedAtTheLimitAndEverythingCatchesUp() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-s3-outage");
        S3Store store = S3Store.freshPrefix(S3);
        List<String> flags = new ArrayList<>(List.of(flags(root)));
        flags.addAll(store.flags());
        flags.add("--snapshots.commit-log.roll-interval=1s");
        S3Store.useCredentials(S3ProxyServer.SECRET_KEY);
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), flags.toArray(String[]::new));
             S3SnapshotStorage bucket = new S3SnapshotStorage(store.location(), S3Tuning.defaults())) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            Map<String, GenericRecord> acknowledged = firstFlush(map);
            Map<String, JsonNode> strong = new HashMap<>();
            Http http = new Http(cluster.restUrl(0));
            refusedUntilTheStoreIsBack(cluster, map, acknowledged, new Outage() {
                @Override
                public void begin() throws Exception {
                    S3.pause();
                    for (int i = 0; i < 50; i++) {
                        String body = Records.node("nid-outage" + i, "Ready");
                        Http.Reply put = http.put("/v1/maps/" + STRONG + "/entries/x9000c0s" + i + "b0n0", body);
                        assertEquals(201, put.status(), "a strong write while S3 is down: " + put);
                        strong.put("x9000c0s" + i + "b0n0", DurableTesting.json(body));
                    }
                }

                @Override
                public void end() throws Exception {
                    S3.resume();
                }
            });
            DurableTesting.assertSameEntries("every acknowledged weak write is in the bucket", expected(acknowledged),
                    DurableTesting.restored(bucket, MAP));
            await("the commit log rolled into the bucket").until(() -> {
                try {
                    return DurableTesting.restored(bucket, STRONG).keySet().containsAll(strong.keySet());
                } catch (IOException notYet) {
                    return false;
                }
            });
            Map<String, JsonNode> stored = DurableTesting.restored(bucket, STRONG);
            strong.forEach((key, value) -> assertEquals(value, stored.get(key), key));
        } finally {
            S3Store.forgetCredentials();
        }
    }

    private static Map<String, GenericRecord> firstFlush(IMap<String, GenericRecord> map) {
        Map<String, GenericRecord> acknowledged = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            put(map, acknowledged, "before" + i);
        }
        map.flush();
        return acknowledged;
    }

    /**
     * Starts the outage, writes until the node refuses a weak write, checks the refusal over the Java client and
     * REST, ends the outage and waits until writes are accepted and the backlog is empty.
     */
    private static void refusedUntilTheStoreIsBack(TestCluster cluster, IMap<String, GenericRecord> map,
                                                   Map<String, GenericRecord> acknowledged, Outage outage)
            throws Exception {
        outage.begin();
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

        outage.end();
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
    }

    private static Map<String, JsonNode> expected(Map<String, GenericRecord> acknowledged) {
        Map<String, JsonNode> expected = new HashMap<>();
        acknowledged.forEach((key, value) -> expected.put(key, json(value)));
        return expected;
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
