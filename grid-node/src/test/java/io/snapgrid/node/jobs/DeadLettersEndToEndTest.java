package io.snapgrid.node.jobs;

import io.snapgrid.jobs.testing.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.jobs.JobsEndToEnd.NODE_HEALTH;
import static io.snapgrid.node.jobs.JobsEndToEnd.RACK_STATES;
import static io.snapgrid.node.jobs.JobsEndToEnd.job;
import static io.snapgrid.node.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead letters through the node, on a 2-member cluster running the real catalogue: events posted over REST after
 * their windows closed, and values a Java client put straight into telemetry.events, become dead letters of the
 * node-health job with the right reason, and {@code deadLetters} in GET /v1/jobs counts exactly them. Events that
 * ingest rejects are never written, so the job never sees them and they leave no dead letter.
 */
@Tag("cluster")
class DeadLettersEndToEndTest {

    private static final long LEAD = NodeHealthEndToEndTest.LEAD;
    private static final String NODE = "x2100c0s0b0n0";
    private static final String OTHER_NODE = "x2100c0s1b0n0";
    private static final String NEVER_SEEN_NODE = "x2100c0s2b0n0";

    @Test
    void lateAndUnreadableEventsAreCountedDeadLettersAndRejectedOnesNeverReachTheJob() {
        try (TestCluster cluster = TestCluster.start(2, flags())) {
            Http first = new Http(cluster.restUrl(0));
            Http second = new Http(cluster.restUrl(1));
            JobsEndToEnd.awaitCatalogueRunning(cluster.member(0), first, 2);

            // Good events make the node known; once its windows have closed past them, older events are late.
            long now = System.currentTimeMillis();
            List<Telemetry> good = new ArrayList<>(List.of(
                    Telemetry.heartbeat("good-1", NODE, now + LEAD),
                    new Telemetry("good-2", NODE, "temperature", 40.5, now + LEAD + 100),
                    Telemetry.heartbeat("good-3", OTHER_NODE, now + LEAD + 200)));
            JobsEndToEnd.postTelemetry(first, good);
            await("the node's windows have closed past its events").until(() -> {
                NodeHealthWindow window = JobsEndToEnd.health(second, NODE);
                return window != null && window.windowStart() > now + LEAD + 100;
            });

            // Late: older than the window plus the allowed lag, for a known node and for one never seen.
            Map<String, DeadLetterReason> expected = new TreeMap<>();
            long old = System.currentTimeMillis() - 20_000;
            List<Telemetry> late = List.of(
                    Telemetry.heartbeat("late-1", NODE, old),
                    new Telemetry("late-2", NODE, "power", 1.0, old + 10),
                    Telemetry.heartbeat("late-3", NEVER_SEEN_NODE, old + 20));
            late.forEach(event -> expected.put(event.id(), DeadLetterReason.LATE));

            // One batch: a good event, the late ones (valid for ingest) and events ingest rejects.
            Telemetry goodToo = Telemetry.heartbeat("good-4", OTHER_NODE, System.currentTimeMillis() + LEAD);
            good.add(goodToo);
            ArrayNode batch = Http.JSON.createArrayNode();
            batch.add(SentEvents.toJson(goodToo));
            late.forEach(event -> batch.add(SentEvents.toJson(event)));
            long nowAgain = System.currentTimeMillis();
            List<String> rejectedIds = List.of("rejected-xname", "rejected-kind", "rejected-value", "rejected-seconds",
                    "rejected-future", "rejected-extra");
            batch.add(SentEvents.toJson(Telemetry.heartbeat("rejected-xname", "x1000c8s0b0n0", nowAgain)));
            batch.add(SentEvents.toJson(new Telemetry("rejected-kind", NODE, "humidity", 40.0, nowAgain)));
            batch.add(SentEvents.toJson(new Telemetry("rejected-value", NODE, "heartbeat", 1.0, nowAgain)));
            batch.add(SentEvents.toJson(Telemetry.heartbeat("rejected-seconds", NODE, nowAgain / 1000)));
            batch.add(SentEvents.toJson(Telemetry.heartbeat("rejected-future", NODE, nowAgain + 3_600_000)));
            batch.add(SentEvents.toJson(Telemetry.heartbeat("rejected-extra", NODE, nowAgain)).put("sensor", "bmc"));
            Http.Reply reply = second.post("/v1/telemetry", batch.toString());
            assertEquals(202, reply.status(), reply::toString);
            JsonNode answer = reply.json();
            assertEquals(4, answer.path("accepted").asInt(), answer::toString);
            assertEquals(rejectedIds.size(), answer.path("rejected").asInt(), answer::toString);
            for (JsonNode result : answer.path("results")) {
                boolean rejected = rejectedIds.contains(result.path("id").asText());
                assertEquals(rejected ? "rejected" : "accepted", result.path("status").asText(), result::toString);
            }
            Http.Reply allRejected = first.post("/v1/telemetry",
                    "[" + SentEvents.toJson(Telemetry.heartbeat("rejected-all", "rack-7", nowAgain)) + "]");
            assertProblem(allRejected, 400, "invalid-events");

            // Straight into telemetry.events with the Java client, bypassing ingest's checks.
            HazelcastInstance client = cluster.client();
            IMap<String, Object> events = client.getMap(JobMaps.TELEMETRY_EVENTS);
            long t = System.currentTimeMillis() + LEAD;
            put(events, expected, "garbage-string", "not an event", DeadLetterReason.NOT_A_RECORD);
            put(events, expected, "garbage-number", 42, DeadLetterReason.NOT_A_RECORD);
            put(events, expected, "garbage-unreadable", new Unreadable(), DeadLetterReason.UNREADABLE);
            put(events, expected, "garbage-other-type", GenericRecordBuilder.compact("acme.Reading")
                    .setString("id", "garbage-other-type").build(), DeadLetterReason.INVALID);
            put(events, expected, "garbage-xname", event("garbage-xname", "rack-7", "heartbeat", null, t),
                    DeadLetterReason.INVALID);
            put(events, expected, "garbage-power", event("garbage-power", NODE, "power", 0.5, t),
                    DeadLetterReason.INVALID);
            put(events, expected, "garbage-id", event("another-id", NODE, "heartbeat", null, t),
                    DeadLetterReason.INVALID);
            // And a well-formed event the client writes itself is counted like any other.
            events.set("client-good", event("client-good", OTHER_NODE, "heartbeat", null, t));
            int counted = good.size() + 1;

            await("every dead letter is written").until(() ->
                    JobsEndToEnd.deadLetters(first, NODE_HEALTH).size() >= expected.size());
            Map<String, String> letters = JobsEndToEnd.deadLetters(second, NODE_HEALTH);
            Map<String, DeadLetterReason> reasons = new TreeMap<>();
            letters.forEach((id, reason) -> reasons.put(id, DeadLetterReason.valueOf(reason.split(":")[0])));
            assertEquals(expected, reasons, letters::toString);
            assertTrue(letters.get("late-1").contains("eventTime"), letters::toString);
            assertTrue(letters.get("garbage-xname").contains("rack-7"), letters::toString);
            assertTrue(letters.get("garbage-id").contains("another-id"), letters::toString);
            JsonNode lateLetter = JobsEndToEnd.entries(first, JobMaps.DEAD_LETTER).get(NODE_HEALTH + ":late-2");
            assertTrue(lateLetter.path("event").asText().contains("\"kind\":\"power\""), lateLetter::toString);
            assertEquals("late-2", lateLetter.path("eventId").asText());

            // deadLetters in GET /v1/jobs counts exactly the dead letters; processedEvents exactly the good events.
            await("GET /v1/jobs counts every dead letter and every good event").until(() -> {
                JsonNode status = job(second, NODE_HEALTH);
                return status.path("deadLetters").asLong() == expected.size()
                        && status.path("processedEvents").asLong() == counted;
            });
            JsonNode status = job(first, NODE_HEALTH);
            assertEquals(letters.size(), status.path("deadLetters").asLong(), status::toString);
            assertEquals(counted, status.path("processedEvents").asLong(), status::toString);
            assertEquals(0, status.path("restarts").asInt(), status::toString);
            assertEquals(0, job(first, RACK_STATES).path("deadLetters").asLong(), "rack-states saw nothing to reject");

            // Rejected events were never written, so they are neither stored nor dead letters.
            for (String id : rejectedIds) {
                assertEquals(404, first.get("/v1/maps/telemetry.events/entries/" + id).status(), id);
                assertTrue(!letters.containsKey(id), id);
            }
            assertEquals(404, first.get("/v1/maps/telemetry.events/entries/rejected-all").status());
            assertEquals(JobsEndToEnd.entries(first, JobMaps.DEAD_LETTER).size(), letters.size(),
                    "every dead letter is the node-health job's");
            assertTrue(JobsEndToEnd.health(first, OTHER_NODE) != null);
        }
    }

    static String[] flags() {
        List<String> flags = new ArrayList<>(List.of(NodeHealthEndToEndTest.FLAGS));
        flags.remove("--cluster.expected-size=3");
        flags.remove("--jobs.node-health.keep-history=true");
        flags.add("--cluster.expected-size=2");
        return flags.toArray(String[]::new);
    }

    private static Object event(String id, String xname, String kind, Double value, long eventTime) {
        return GenericRecordBuilder.compact("snapgrid.telemetry.Event")
                .setString("id", id).setString("xname", xname).setString("kind", kind)
                .setNullableFloat64("value", value).setInt64("eventTime", eventTime)
                .setInt64("receivedAt", System.currentTimeMillis()).build();
    }

    private static void put(IMap<String, Object> events, Map<String, DeadLetterReason> expected, String key,
                            Object value, DeadLetterReason reason) {
        events.set(key, value);
        expected.put(key, reason);
    }

    /** A value a member stores but can never read back. */
    static final class Unreadable implements Serializable {

        private void readObject(ObjectInputStream in) throws IOException {
            throw new IOException("this value cannot be read");
        }
    }
}
