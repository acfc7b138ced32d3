package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.MicronautTestNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.snapgrid.node.rest.EntriesRestTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchQuerySqlRestTest extends MicronautTestNode {

    @Override
    protected List<String> flags() {
        return List.of("--rest.max-batch-entries=50");
    }

    private static ObjectNode entry(String key, String json) throws Exception {
        ObjectNode entry = Http.JSON.createObjectNode();
        entry.put("key", key);
        entry.set("value", Http.JSON.readTree(json));
        return entry;
    }

    @Test
    void batchPutAppliesGoodRecordsAndReportsEveryBadOne() throws Exception {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        entries.add(entry("x2000c0s0b0n0", Records.node("nid002000", "Ready")));
        entries.add(entry("x2000c0s0b0n1", Records.node("nid002001", "Exploded")));
        entries.add(entry("x2000c0s0b1n0", Records.node("nid002002", "Off")));
        entries.add(entry("numeric key", Records.node("nid002003", "Off")).put("key", 7));
        entries.add(entry("x2000c0s0b0n0", Records.node("nid002004", "On")));
        entries.addObject().put("key", "x2000c0s0b1n1");

        JsonNode results = http.post("/v1/maps/inventory.nodes/batch/put", body.toString()).json().path("results");
        assertEquals(6, results.size(), results::toString);
        int[] expected = {200, 400, 200, 400, 400, 400};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], results.get(i).path("status").asInt(), results::toString);
            assertEquals(expected[i] != 200, results.get(i).has("error"), results::toString);
        }
        assertEquals("state", results.get(1).path("field").asText());

        String keys = "{\"keys\": [\"x2000c0s0b0n0\", \"x2000c0s0b0n1\", \"x2000c0s0b1n0\", \"x2000c0s0b1n1\", 7]}";
        JsonNode got = http.post("/v1/maps/inventory.nodes/batch/get", keys).json().path("results");
        assertEquals(List.of(200, 404, 200, 404, 400), statuses(got));
        assertEquals("Ready", got.get(0).path("value").path("state").asText(), "the first of a duplicated key wins");
        assertEquals("Off", got.get(2).path("value").path("state").asText());

        JsonNode deleted = http.post("/v1/maps/inventory.nodes/batch/delete", keys).json().path("results");
        assertEquals(List.of(204, 404, 204, 404, 400), statuses(deleted));
        assertEquals(List.of(404, 404, 404, 404, 400),
                statuses(http.post("/v1/maps/inventory.nodes/batch/get", keys).json().path("results")));
    }

    @Test
    void malformedAndOversizedBatchesAreRefusedWhole() throws Exception {
        assertProblem(http.post("/v1/maps/inventory.nodes/batch/put", "{\"items\": []}"), 400, "malformed-batch");
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        for (int i = 0; i < 51; i++) {
            entries.add(entry("x3000c0s0b0n" + i, Records.node("nid" + i, "Ready")));
        }
        assertProblem(http.post("/v1/maps/inventory.nodes/batch/put", body.toString()), 413, "request-too-large");
        assertEquals(404, http.get("/v1/maps/inventory.nodes/entries/x3000c0s0b0n0").status());
    }

    @Test
    void whereLimitCursorPagesThroughEveryMatchOnceInKeyOrder() throws Exception {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode entries = body.putArray("entries");
        TreeSet<String> expectedReady = new TreeSet<>();
        for (int i = 0; i < 45; i++) {
            String key = String.format("x4000c0s%db0n%d", i / 2, i % 2);
            String state = i % 3 == 0 ? "Off" : "Ready";
            entries.add(entry(key, Records.node("nid4" + i, state)));
            if (state.equals("Ready")) {
                expectedReady.add(key);
            }
        }
        http.post("/v1/maps/inventory.nodes/batch/put", body.toString());

        String where = Http.query("state = 'Ready' AND __key LIKE 'x4000%'");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Reply page = http.get("/v1/maps/inventory.nodes/entries?where=" + where + "&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            for (JsonNode item : page.json().path("items")) {
                seen.add(item.path("key").asText());
                assertEquals("Ready", item.path("value").path("state").asText());
            }
            if (pages == 0) {
                // An entry written behind the cursor mid-listing must neither shift nor repeat the rest.
                http.put("/v1/maps/inventory.nodes/entries/x4000a", Records.node("nidA", "Ready"));
            }
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertEquals(new ArrayList<>(expectedReady), seen);
        assertEquals(5, pages);

        assertProblem(http.get("/v1/maps/inventory.nodes/entries?where=" + Http.query("state = 'Ready') OR (1=1")), 400, "invalid-filter");
        assertProblem(http.get("/v1/maps/inventory.nodes/entries?where=" + Http.query("1=1; DELETE FROM x")), 400, "invalid-filter");
        assertProblem(http.get("/v1/maps/inventory.nodes/entries?where=" + Http.query("1=1 --")), 400, "invalid-filter");
        assertProblem(http.get("/v1/maps/inventory.nodes/entries?where=" + Http.query("nosuchcolumn = 1")), 400, "sql-error");
        assertProblem(http.get("/v1/maps/inventory.nodes/entries?limit=0"), 400, "invalid-limit");
        assertProblem(http.get("/v1/maps/inventory.nodes/entries?cursor=!!notbase64"), 400, "invalid-cursor");
    }

    @Test
    void sqlRunsSelectsWithParametersAndRefusesEverythingElse() throws Exception {
        http.put("/v1/maps/inventory.components/entries/DIMM-0001", Records.component("Memory", "x5000c0s0b0n0"));
        http.put("/v1/maps/inventory.components/entries/CPU-0001", Records.component("Processor", "x5000c0s0b0n0"));
        Http.Reply reply = http.post("/v1/sql",
                "{\"sql\": \"SELECT __key, type FROM \\\"inventory.components\\\" WHERE nodeXname = ? ORDER BY __key\","
                        + " \"params\": [\"x5000c0s0b0n0\"]}");
        assertEquals(200, reply.status(), reply::toString);
        JsonNode rows = reply.json().path("rows");
        assertEquals(2, rows.size(), reply::toString);
        assertEquals("CPU-0001", rows.get(0).path("__key").asText());
        assertEquals("Processor", rows.get(0).path("type").asText());
        assertEquals("VARCHAR", reply.json().path("columns").get(1).path("type").asText());
        assertFalse(reply.json().path("truncated").asBoolean());

        String[] refused = {
                "DELETE FROM \\\"inventory.components\\\"",
                "INSERT INTO \\\"inventory.components\\\" (__key, type, model) VALUES ('X', 'Memory', 'm')",
                "DROP MAPPING \\\"inventory.components\\\"",
                "SELECT 1; DELETE FROM \\\"inventory.components\\\"",
                "/* SELECT */ DELETE FROM \\\"inventory.components\\\"",
                "CREATE MAPPING m TYPE IMap OPTIONS ('keyFormat'='int', 'valueFormat'='int')",
        };
        for (String sql : refused) {
            assertProblem(http.post("/v1/sql", "{\"sql\": \"" + sql + "\"}"), 400, "read-only-sql");
        }
        assertEquals(2, http.post("/v1/sql", "{\"sql\": \"SELECT COUNT(*) AS n FROM \\\"inventory.components\\\"\"}")
                .json().path("rows").get(0).path("n").asInt(), "nothing was deleted or inserted");
        assertProblem(http.post("/v1/sql", "{\"query\": \"SELECT 1\"}"), 400, "malformed-query");
        assertProblem(http.post("/v1/sql", "{\"sql\": \"SELECT nope FROM \\\"inventory.components\\\"\"}"), 400, "sql-error");
    }

    private static List<Integer> statuses(JsonNode results) {
        List<Integer> statuses = new ArrayList<>();
        results.forEach(result -> statuses.add(result.path("status").asInt()));
        return statuses;
    }
}
