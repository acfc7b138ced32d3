package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.snapgrid.node.rest.EntriesRestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH with a JSON merge patch, on a real node over real HTTP. Each test uses keys of its own. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntryPatchRestTest extends MicronautTestNode {

    private static final String NODES = "/v1/maps/inventory.nodes/entries/";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Test
    void aPatchKeepsTheFieldsItDoesNotName() {
        String path = NODES + "x4000c0s0b0n0";
        JsonNode before = http.put(path, Records.node("nid004000", "Ready")).json();

        Http.Reply patched = http.patch(path, MERGE_PATCH, """
                {"state": "Halt", "labels": {"partition": null, "owner": "ops"}}
                """);
        assertEquals(200, patched.status(), patched::toString);
        JsonNode after = patched.json();
        assertEquals("Halt", after.path("state").asText());
        assertEquals(before.path("lastHeartbeat"), after.path("lastHeartbeat"), "the jobs' heartbeat survives");
        assertEquals(before.path("nics"), after.path("nics"));
        assertEquals(Http.JSON.createObjectNode().put("rack", "x1000").put("owner", "ops"), after.path("labels"),
                "maps merge member by member; null removes one");
        Http.Reply read = http.get(path);
        assertEquals(after, read.json());
        assertEquals(read.etag(), patched.etag());
    }

    @Test
    void nullClearsNullableFieldsAndBadPatchesWriteNothing() {
        String path = NODES + "x4000c0s1b0n0";
        http.put(path, Records.node("nid004001", "Ready"));
        Http.Reply cleared = http.patch(path, MERGE_PATCH, "{\"bootImage\": null, \"bmc\": null, \"flag\": null}");
        assertEquals(200, cleared.status(), cleared::toString);
        assertTrue(cleared.json().path("bootImage").isNull() && cleared.json().path("bmc").isNull(), cleared::toString);
        assertEquals("OK", cleared.json().path("flag").asText(), "a removed field with a default gets the default");

        String etag = http.get(path).etag();
        String[][] invalid = {
                {"{\"hostname\": null}", "hostname"},
                {"{\"state\": \"Exploded\"}", "state"},
                {"{\"colour\": \"red\"}", "colour"},
                {"{\"labels\": {\"rack\": 7}}", "labels.rack"},
        };
        for (String[] c : invalid) {
            Http.Reply reply = http.patch(path, MERGE_PATCH, c[0]);
            assertProblem(reply, 400, "invalid-record");
            assertEquals(c[1], reply.json().path("field").asText(), reply::toString);
        }
        assertProblem(http.patch(path, MERGE_PATCH, "{\"state\": "), 400, "malformed-json");
        assertProblem(http.patch(path, MERGE_PATCH, "[1]"), 400, "invalid-record");
        Http.Reply json = http.patch(path, "application/json", "{\"state\": \"Off\"}");
        assertEquals(415, json.status(), json::toString);
        assertEquals("application/problem+json", json.contentType());
        assertEquals(etag, http.get(path).etag(), "no refused patch wrote anything");

        assertProblem(http.patch(NODES + "x4000c0s1b0n9", MERGE_PATCH, "{\"state\": \"Off\"}"), 404, "entry-not-found");
        assertProblem(http.get(NODES + "x4000c0s1b0n9"), 404, "entry-not-found");
    }

    @Test
    void ifMatchMakesAPatchConditional() {
        String path = NODES + "x4000c0s2b0n0";
        String etag = http.put(path, Records.node("nid004002", "Ready")).etag();
        assertProblem(http.patch(path, MERGE_PATCH, "{\"state\": \"Off\"}", "If-Match", "\"stale\""), 412,
                "precondition-failed");
        assertEquals("Ready", http.get(path).json().path("state").asText());
        Http.Reply guarded = http.patch(path, MERGE_PATCH, "{\"state\": \"Off\"}", "If-Match", etag);
        assertEquals(200, guarded.status(), guarded::toString);
        assertProblem(http.patch(path, MERGE_PATCH, "{\"state\": \"On\"}", "If-Match", etag), 412, "precondition-failed");
        assertProblem(http.patch(NODES + "x4000c0s2b0n9", MERGE_PATCH, "{}", "If-Match", "*"), 412,
                "precondition-failed");
        assertEquals("Off", http.get(path).json().path("state").asText());
    }

    @Test
    void aBatchPatchReportsEachKeyAndWritesOnlyTheGoodOnes() {
        String first = NODES + "x4000c0s4b0n0";
        String second = NODES + "x4000c0s4b0n1";
        JsonNode before = http.put(first, Records.node("nid004004", "Ready")).json();
        http.put(second, Records.node("nid004005", "Ready"));
        String etag = http.get(second).etag();

        Http.Reply reply = http.post("/v1/maps/inventory.nodes/batch/patch", """
                {"entries": [{"key": "x4000c0s4b0n0", "patch": {"state": "Off"}},
                             {"key": "x4000c0s4b0n1", "patch": {"state": "Exploded"}},
                             {"key": "x4000c0s4b0n9", "patch": {"state": "Off"}},
                             {"key": "x4000c0s4b0n1", "value": {"state": "Off"}}]}
                """);
        assertEquals(200, reply.status(), reply::toString);
        JsonNode results = reply.json().path("results");
        assertEquals(List.of(200, 400, 404, 400), List.of(results.get(0).path("status").asInt(),
                results.get(1).path("status").asInt(), results.get(2).path("status").asInt(),
                results.get(3).path("status").asInt()), results::toString);
        assertEquals("state", results.get(1).path("field").asText(), results::toString);
        assertEquals("Off", results.get(0).path("value").path("state").asText());
        JsonNode after = http.get(first).json();
        assertEquals("Off", after.path("state").asText());
        assertEquals(before.path("lastHeartbeat"), after.path("lastHeartbeat"));
        assertEquals(etag, http.get(second).etag(), "a refused patch wrote nothing");
        assertProblem(http.get(NODES + "x4000c0s4b0n9"), 404, "entry-not-found");
    }

    @Test
    void concurrentPatchesOfDifferentFieldsLoseNone() throws Exception {
        String path = NODES + "x4000c0s3b0n0";
        http.put(path, Records.node("nid004003", "Ready"));
        int writers = 8;
        int rounds = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<Integer>>> statuses = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String label = "writer" + w;
                statuses.add(pool.submit(() -> {
                    start.await();
                    List<Integer> seen = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        seen.add(http.patch(path, MERGE_PATCH,
                                "{\"labels\": {\"" + label + "\": \"" + round + "\"}}").status());
                    }
                    return seen;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> writer : statuses) {
                assertTrue(writer.get().stream().allMatch(status -> status == 200), writer.get()::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode labels = http.get(path).json().path("labels");
        for (int w = 0; w < writers; w++) {
            assertEquals(String.valueOf(rounds - 1), labels.path("writer" + w).asText(), labels::toString);
        }
        assertEquals("x1000", labels.path("rack").asText(), labels::toString);
    }
}
