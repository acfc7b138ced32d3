package io.snapgrid.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, cluster and map metadata, and the OpenAPI document. */
class NodeSurfaceTest {

    @Test
    void readinessWaitsForTheMinimumClusterSize() {
        try (TestCluster lonely = TestCluster.start(1, "--cluster.min-size=2")) {
            Http http = new Http(lonely.restUrl(0));
            assertEquals(200, http.get("/health/liveness").status());
            Http.Reply readiness = http.get("/health/readiness");
            assertEquals(503, readiness.status(), readiness::toString);
            assertTrue(readiness.body().contains("\"minSize\":2"), readiness::toString);
        }
    }

    @Test
    @Tag("cluster")
    void clusterMapsAndOpenApiDescribeTheNode() {
        try (TestCluster cluster = TestCluster.start(2)) {
            Http http = new Http(cluster.restUrl(0));
            await("ready").until(() -> http.get("/health/readiness").status() == 200);

            JsonNode info = http.get("/v1/cluster").json();
            assertEquals(2, info.path("members").size());
            assertEquals(cluster.clusterName(), info.path("clusterName").asText());
            assertTrue(info.path("localMember").path("local").asBoolean());
            assertEquals("ACTIVE", info.path("state").asText());

            http.put("/v1/maps/inventory.nodes/entries/x1000c0s0b0n0", Records.node("nid1", "Ready"));
            JsonNode maps = http.get("/v1/maps").json().path("maps");
            JsonNode nodes = null;
            for (JsonNode map : maps) {
                if (map.path("name").asText().equals("inventory.nodes")) {
                    nodes = map;
                }
            }
            assertEquals("inventory-nodes", nodes.path("storageClass").asText(), maps::toString);
            assertEquals(1, nodes.path("size").asInt());

            JsonNode described = http.get("/v1/maps/inventory.nodes").json();
            assertEquals(1, described.path("backups").asInt());
            assertEquals("strong", described.path("durability").asText());
            JsonNode racks = http.get("/v1/maps/stats.rack-states").json();
            assertEquals("weak", racks.path("durability").asText(), racks::toString);
            assertEquals(10, racks.path("snapshotIntervalSeconds").asInt(), racks::toString);
            assertEquals("Node", described.path("schema").path("name").asText());
            JsonNode cache = http.get("/v1/maps/cache.sessions").json();
            assertEquals("LRU", cache.path("eviction").path("policy").asText());
            assertEquals(600, cache.path("ttlSeconds").asInt());
            assertEquals(404, http.get("/v1/maps/unmatched").status());

            Http.Reply openapi = http.get("/openapi/snapgrid-v1.yml");
            assertEquals(200, openapi.status(), openapi::toString);
            assertTrue(openapi.body().contains("/v1/maps/{map}/entries/{key}"), openapi::body);
            assertTrue(openapi.body().contains("/v1/sql"));
            assertTrue(openapi.body().contains("/v1/telemetry:"), openapi::body);
            assertTrue(openapi.body().contains("/v1/jobs/{name}:"), openapi::body);
        }
    }
}
