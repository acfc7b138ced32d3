package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.Records;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static io.snapgrid.node.rest.EntriesRestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads over REST leave the grid as they found it, and every key a Java client writes can be reached. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MapReadsRestTest extends MicronautTestNode {

    @Inject
    HazelcastInstance member;

    @Test
    void aDurableMapWithoutSchemaIsDescribedWithoutAnError() {
        Http.Reply reply = http.get("/v1/maps/inventory.racks");
        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals("inventory", body.path("storageClass").asText(), reply::toString);
        assertEquals(0, body.path("size").asInt(), reply::toString);
        assertTrue(body.path("schema").isMissingNode() || body.path("schema").isNull(), reply::toString);
    }

    @Test
    void noReadCreatesAMap() {
        String[] reads = {
                "/v1/maps/cache.never",
                "/v1/maps/inventory.nodes-never",
                "/v1/maps/inventory.nodes-never/entries/k1",
                "/v1/maps/inventory.nodes-never/entries",
                "/v1/maps/inventory.nodes-never/entries?where=" + Http.query("state = 'Ready'"),
                "/v1/maps/inventory.nodes-never/entries/k1/history",
                "/v1/snapshots?map=inventory.nodes-never",
                "/prometheus",
        };
        for (String read : reads) {
            Http.Reply reply = http.get(read);
            assertTrue(reply.status() < 500, () -> read + ": " + reply);
        }
        Http.Reply batch = http.post("/v1/maps/inventory.nodes-never/batch/get", "{\"keys\": [\"k1\"]}");
        assertTrue(batch.status() < 500, batch::toString);
        Set<String> maps = mapNames();
        assertFalse(maps.contains("cache.never"), maps::toString);
        assertFalse(maps.contains("inventory.nodes-never"), maps::toString);
        assertFalse(listed().contains("cache.never"));
    }

    @Test
    void snapshotListingOfAMapWithoutSnapshotsIsAnEmptyList() {
        Http.Reply reply = http.get("/v1/snapshots?map=inventory.components");
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.json().path("maps").isArray(), reply::toString);
        assertEquals(0, reply.json().path("maps").size());
    }

    @Test
    void everyKeyAJavaClientWritesIsAddressableOverRest() {
        http.put("/v1/maps/inventory.nodes/entries/x3000c0s0b0n0", Records.node("nid003000", "Ready"));
        IMap<String, GenericRecord> nodes = member.getMap("inventory.nodes");
        GenericRecord record = nodes.get("x3000c0s0b0n0");
        for (String key : List.of("bad key/with slash", "..", "100%", "a?b#c", "ключ", "k".repeat(300))) {
            nodes.put(key, record);
            String path = "/v1/maps/inventory.nodes/entries/" + segment(key);
            Http.Reply read = http.get(path);
            assertEquals(200, read.status(), () -> key + ": " + read);
            assertEquals("nid003000", read.json().path("hostname").asText());
            Http.Reply deleted = http.delete(path);
            assertEquals(204, deleted.status(), () -> key + ": " + deleted);
            assertFalse(nodes.containsKey(key), key);
        }
    }

    private static String segment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Set<String> mapNames() {
        return member.getDistributedObjects().stream().filter(IMap.class::isInstance)
                .map(DistributedObject::getName).collect(Collectors.toSet());
    }

    private Set<String> listed() {
        return StreamSupport.stream(http.get("/v1/maps").json().path("maps").spliterator(), false)
                .map(row -> row.path("name").asText()).collect(Collectors.toSet());
    }
}
