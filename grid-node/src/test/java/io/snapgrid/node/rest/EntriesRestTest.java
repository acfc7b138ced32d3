package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.MicronautTestNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntriesRestTest extends MicronautTestNode {

    @Override
    protected List<String> flags() {
        return List.of("--rest.max-body-bytes=8192");
    }

    static void assertProblem(Http.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType(), reply::toString);
        JsonNode problem = reply.json();
        assertEquals("urn:snapgrid:problem:" + type, problem.path("type").asText(), reply::toString);
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().length() > 5, reply::toString);
    }

    @Test
    void crudRoundTripReturnsTheRecordAsPlainJson() throws Exception {
        String path = "/v1/maps/inventory.nodes/entries/x1000c0s0b0n0";
        String body = Records.node("nid000001", "Ready");
        Http.Reply created = http.put(path, body);
        assertEquals(201, created.status(), created::toString);
        assertNotNull(created.etag());
        JsonNode sent = Http.JSON.readTree(body);
        assertEquals(sent, created.json());

        Http.Reply read = http.get(path);
        assertEquals(200, read.status());
        assertEquals(sent, read.json());
        assertEquals(created.etag(), read.etag());
        assertEquals("x1000", read.json().path("labels").path("rack").asText());
        assertTrue(read.json().path("subrole").isNull(), "a null union is plain null, not Avro's wrapping");

        Http.Reply replaced = http.put(path, Records.node("nid000001", "Off"));
        assertEquals(200, replaced.status());
        assertNotEquals(created.etag(), replaced.etag());
        assertEquals("Off", http.get(path).json().path("state").asText());

        assertEquals(204, http.delete(path).status());
        assertProblem(http.get(path), 404, "entry-not-found");
        assertProblem(http.delete(path), 404, "entry-not-found");
    }

    @Test
    void missingFieldsWithDefaultsAreFilledIn() {
        String body = """
                {"hostname": "nid000009", "arch": "arm64", "role": "Service", "state": "On", "nics": []}
                """;
        Http.Reply reply = http.put("/v1/maps/inventory.nodes/entries/x1000c0s0b0n9", body);
        assertEquals(201, reply.status(), reply::toString);
        JsonNode stored = http.get("/v1/maps/inventory.nodes/entries/x1000c0s0b0n9").json();
        assertEquals("OK", stored.path("flag").asText());
        assertTrue(stored.path("labels").isObject() && stored.path("labels").isEmpty());
        assertTrue(stored.path("bmc").isNull());
    }

    @Test
    void etagAnswers304AndGuardsWritesWith412() {
        String path = "/v1/maps/inventory.nodes/entries/x1000c0s1b0n0";
        String etag = http.put(path, Records.node("nid000002", "Ready")).etag();

        Http.Reply unchanged = http.get(path, "If-None-Match", etag);
        assertEquals(304, unchanged.status());
        assertEquals(etag, unchanged.etag());
        assertEquals(200, http.get(path, "If-None-Match", "\"0000\"").status());

        assertProblem(http.put(path, Records.node("nid000002", "Halt"), "If-Match", "\"stale\""), 412, "precondition-failed");
        assertEquals("Ready", http.get(path).json().path("state").asText(), "a failed If-Match writes nothing");

        Http.Reply guarded = http.put(path, Records.node("nid000002", "Halt"), "If-Match", etag);
        assertEquals(200, guarded.status(), guarded::toString);
        assertProblem(http.put(path, Records.node("nid000002", "On"), "If-Match", etag), 412, "precondition-failed");
        assertProblem(http.delete(path, "If-Match", etag), 412, "precondition-failed");
        assertEquals("Halt", http.get(path).json().path("state").asText());

        assertProblem(http.put(path, Records.node("nid000002", "On"), "If-None-Match", "*"), 412, "precondition-failed");
        assertEquals(204, http.delete(path, "If-Match", guarded.etag()).status());
        assertProblem(http.put(path, Records.node("nid000002", "On"), "If-Match", "*"), 412, "precondition-failed");
        assertEquals(201, http.put(path, Records.node("nid000002", "On"), "If-None-Match", "*").status());
    }

    @Test
    void schemaViolationsName400TheFieldAndWriteNothing() {
        String path = "/v1/maps/inventory.nodes/entries/x1000c0s2b0n0";
        String[][] cases = {
                {Records.node("nid000003", "Sleeping"), "state"},
                {Records.node("nid000003", "Ready").replace("\"02:00:00:00:01:02\"", "42"), "nics[1].mac"},
                {Records.node("nid000003", "Ready").replace("\"nid\": 17", "\"nid\": 99999999999"), "nid"},
                {Records.node("nid000003", "Ready").replace("\"rack\": \"x1000\"", "\"rack\": 7"), "labels.rack"},
                {Records.node("nid000003", "Ready").replace("\"hostname\": \"nid000003\",", "\"hostnme\": \"x\","), "hostnme"},
                {Records.node("nid000003", "Ready").replace("\"hostname\": \"nid000003\",", ""), "hostname"},
                {Records.node("nid000003", "Ready").replace("\"arch\": \"x86_64\"", "\"arch\": null"), "arch"},
        };
        for (String[] c : cases) {
            Http.Reply reply = http.put(path, c[0]);
            assertProblem(reply, 400, "invalid-record");
            assertEquals(c[1], reply.json().path("field").asText(), reply::toString);
        }
        assertProblem(http.put(path, "{\"hostname\": "), 400, "malformed-json");
        assertProblem(http.put(path, "[1, 2]"), 400, "invalid-record");
        assertProblem(http.put(path, ""), 400, "malformed-json");
        assertProblem(http.get(path), 404, "entry-not-found");
    }

    @Test
    void badNamesUnknownMapsAndOversizedBodiesGet4xxProblems() {
        assertProblem(http.get("/v1/maps/nowhere.map/entries/k1"), 404, "unknown-map");
        assertProblem(http.put("/v1/maps/cache.sessions/entries/k1", "{}"), 404, "map-without-schema");
        assertProblem(http.get("/v1/maps/inventory..nodes/entries/k1"), 400, "invalid-map-name");
        assertEquals(404, http.get("/v1/nothing-here").status());
        assertEquals("application/problem+json", http.get("/v1/nothing-here").contentType());

        String huge = Records.node("nid000004", "Ready").replace("console=ttyS0", "x".repeat(10_000));
        Http.Reply tooLarge = http.put("/v1/maps/inventory.nodes/entries/x1000c0s3b0n0", huge);
        assertEquals(413, tooLarge.status(), tooLarge::toString);
        assertEquals("application/problem+json", tooLarge.contentType());
        assertProblem(http.get("/v1/maps/inventory.nodes/entries/x1000c0s3b0n0"), 404, "entry-not-found");
    }
}
