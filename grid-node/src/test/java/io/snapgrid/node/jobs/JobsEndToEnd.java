package io.snapgrid.node.jobs;

import io.snapgrid.jobs.testing.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.jet.core.metrics.MetricTags;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.node.testing.Http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST calls the end-to-end tests of the streaming jobs make, and the waits they share. */
final class JobsEndToEnd {

    static final String NODE_HEALTH = JobCatalogue.NODE_HEALTH_JOB;
    static final String RACK_STATES = JobCatalogue.RACK_STATES_JOB;

    private JobsEndToEnd() {
    }

    /**
     * Waits until both catalogue jobs, submitted by the control service's leader, run on all {@code members}
     * members (an execution that started before every member joined restarts when auto-scaling adds the others)
     * and have taken a snapshot. Only then is every event written afterwards counted, and counted once, by the
     * current execution.
     */
    static void awaitCatalogueRunning(HazelcastInstance member, Http http, int members) {
        for (String name : List.of(NODE_HEALTH, RACK_STATES)) {
            await(name + " runs on " + members + " members and has a snapshot").until(() -> {
                JsonNode job = job(http, name);
                if (!job.path("status").asText().equals("RUNNING") || job.path("lastSnapshotId").isNull()) {
                    return false;
                }
                Job jet = member.getJet().getJob(name);
                return jet != null && jet.getStatus() == JobStatus.RUNNING && executionMembers(jet) == members;
            });
        }
    }

    /** How many members report metrics of the job's current execution. */
    private static int executionMembers(Job job) {
        JobMetrics metrics = job.getMetrics();
        Set<String> members = new HashSet<>();
        for (String name : metrics.metrics()) {
            for (Measurement measurement : metrics.get(name)) {
                String member = measurement.tag(MetricTags.MEMBER);
                if (member != null) {
                    members.add(member);
                }
            }
        }
        return members.size();
    }

    static JsonNode job(Http http, String name) {
        Http.Reply reply = http.get("/v1/jobs/" + name);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /**
     * Posts a batch until it is answered 202 (a 503 writes nothing, or tells the client to re-send), and checks that
     * every event ended up stored: accepted now, or a duplicate of an earlier attempt whose answer was lost.
     */
    static JsonNode postTelemetry(Http http, List<Telemetry> events) {
        AtomicReference<Http.Reply> reply = new AtomicReference<>();
        await("the batch is taken").until(() -> {
            reply.set(http.post("/v1/telemetry", SentEvents.batch(events)));
            return reply.get().status() != 503;
        });
        assertEquals(202, reply.get().status(), reply.get()::toString);
        JsonNode body = reply.get().json();
        assertEquals(events.size(), body.path("accepted").asInt() + body.path("duplicates").asInt(), body::toString);
        return body;
    }

    /** The node's entry in telemetry.node-health, or null while it has none. */
    static NodeHealthWindow health(Http http, String xname) {
        Http.Reply reply = http.get("/v1/maps/telemetry.node-health/entries/" + xname);
        if (reply.status() == 404) {
            return null;
        }
        assertEquals(200, reply.status(), reply::toString);
        return window(reply.json());
    }

    static NodeHealthWindow window(JsonNode json) {
        return new NodeHealthWindow(json.path("xname").asText(), json.path("windowStart").asLong(),
                json.path("windowEnd").asLong(), json.path("heartbeats").asLong(), longOrNull(json, "lastHeartbeat"),
                doubleOrNull(json, "minTemperature"), doubleOrNull(json, "maxTemperature"),
                doubleOrNull(json, "avgTemperature"), json.path("powerTransitions").asLong());
    }

    static Long longOrNull(JsonNode json, String field) {
        JsonNode value = json.path(field);
        assertTrue(value.isNull() || value.isIntegralNumber(), () -> field + " of " + json);
        return value.isNull() ? null : value.asLong();
    }

    private static Double doubleOrNull(JsonNode json, String field) {
        JsonNode value = json.path(field);
        assertTrue(value.isNull() || value.isNumber(), () -> field + " of " + json);
        return value.isNull() ? null : value.asDouble();
    }

    /** Every entry of a map over REST, page by page, as {@code key -> record JSON}. */
    static Map<String, JsonNode> entries(Http http, String map) {
        Map<String, JsonNode> entries = new TreeMap<>();
        String cursor = null;
        do {
            Http.Reply reply = http.get("/v1/maps/" + map + "/entries?limit=500"
                    + (cursor == null ? "" : "&cursor=" + Http.query(cursor)));
            assertEquals(200, reply.status(), reply::toString);
            JsonNode page = reply.json();
            page.path("items").forEach(item -> entries.put(item.path("key").asText(), item.path("value")));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return entries;
    }

    /** The dead letters of one job, by event id, as their reason text. */
    static Map<String, String> deadLetters(Http http, String job) {
        Map<String, String> letters = new TreeMap<>();
        entries(http, "telemetry.dead-letter").forEach((key, value) -> {
            if (key.startsWith(job + ":")) {
                assertEquals(job, value.path("job").asText(), value::toString);
                letters.put(key.substring(job.length() + 1), value.path("reason").asText());
            }
        });
        return letters;
    }

    /** The size GET /v1/maps reports for one map. */
    static long mapSize(Http http, String map) {
        Http.Reply reply = http.get("/v1/maps");
        assertEquals(200, reply.status(), reply::toString);
        List<JsonNode> found = new ArrayList<>();
        reply.json().path("maps").forEach(entry -> {
            if (entry.path("name").asText().equals(map)) {
                found.add(entry);
            }
        });
        assertEquals(1, found.size(), reply::toString);
        return found.get(0).path("size").asLong();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
