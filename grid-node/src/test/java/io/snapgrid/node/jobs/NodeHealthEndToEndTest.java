package io.snapgrid.node.jobs;

import io.snapgrid.jobs.testing.HealthReference;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.jobs.JobsEndToEnd.NODE_HEALTH;
import static io.snapgrid.node.jobs.JobsEndToEnd.RACK_STATES;
import static io.snapgrid.node.jobs.JobsEndToEnd.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-health job through the node: a 3-member cluster whose control service's leader runs the real job
 * catalogue with short windows. Nodes are created over REST, telemetry is posted over REST to every member in
 * turn, and everything the job produced is read back over REST and compared with an independent reference
 * computed from the events sent.
 * <p>
 * Event times are {@value #LEAD} ms ahead of the wall clock (ingest allows 5 min), so a slow POST or a busy job
 * cannot make one of them late, and each batch spreads its times over less than the allowed lag, so the journal's
 * per-partition watermark never passes an event still to come.
 */
@Tag("cluster")
class NodeHealthEndToEndTest {

    static final long WINDOW = 4000;
    static final long SLIDE = 1000;
    static final long LEAD = 5000;
    static final long SPAN = 800;
    static final String[] FLAGS = {
            "--cluster.expected-size=3",
            "--cluster.hazelcast-properties.hazelcast.metrics.collection.frequency=1",
            "--control.job-supervision.interval=1s",
            "--jobs.node-health.window=4s", "--jobs.node-health.slide=1s", "--jobs.rack-states.window=2s",
            "--jobs.snapshot-interval=1s", "--jobs.allowed-lag=1s", "--jobs.idle-timeout=1s",
            "--jobs.node-health.keep-history=true"};

    @Test
    void windowsHeartbeatsAndSilenceMatchTheReference() {
        try (TestCluster cluster = TestCluster.start(3, FLAGS)) {
            List<Http> members = List.of(new Http(cluster.restUrl(0)), new Http(cluster.restUrl(1)),
                    new Http(cluster.restUrl(2)));
            Http http = members.get(0);
            List<String> inventory = List.of("x2000c0s0b0n0", "x2000c0s1b0n0", "x2001c0s0b0n0", "x2001c0s1b0n1");
            String quiet = inventory.get(3);
            String notInInventory = "x2002c0s0b0n0";
            long createdWithHeartbeat = System.currentTimeMillis() - 30_000;
            for (int i = 0; i < inventory.size(); i++) {
                Http.Reply created = members.get(i % 3).put("/v1/maps/inventory.nodes/entries/" + inventory.get(i),
                        Records.node("nid" + i, "On", createdWithHeartbeat));
                assertEquals(201, created.status(), created::toString);
            }
            JobsEndToEnd.awaitCatalogueRunning(cluster.member(0), http, 3);

            // Six batches, one to each member in turn; the quiet node stops sending after the second.
            SentEvents.Generator generator = new SentEvents.Generator(5, "nh-");
            List<Telemetry> events = new ArrayList<>();
            long firstBatchProcessed = -1;
            for (int step = 0; step < 6; step++) {
                List<String> senders = new ArrayList<>(inventory);
                senders.add(notInInventory);
                if (step >= 2) {
                    senders.remove(quiet);
                }
                List<Telemetry> batch = generator.mixed(senders, 40, System.currentTimeMillis() + LEAD, SPAN);
                JsonNode answer = JobsEndToEnd.postTelemetry(members.get(step % 3), batch);
                assertEquals(batch.size(), answer.path("accepted").asInt(), answer::toString);
                events.addAll(batch);
                if (step == 0) {
                    await("the first batch is counted").until(() ->
                            job(http, NODE_HEALTH).path("processedEvents").asLong() == batch.size());
                    firstBatchProcessed = batch.size();
                }
                JobsEndToEnd.sleep(300);
            }
            long eventsStored = JobsEndToEnd.mapSize(http, JobMaps.TELEMETRY_EVENTS);
            assertEquals(events.size(), eventsStored);

            // (a) Both jobs run, and the count of processed events grew to every event sent.
            await("every event is counted").until(() ->
                    job(members.get(1), NODE_HEALTH).path("processedEvents").asLong() == events.size());
            JsonNode health = job(members.get(2), NODE_HEALTH);
            JsonNode racks = job(members.get(2), RACK_STATES);
            assertEquals("RUNNING", health.path("status").asText(), health::toString);
            assertEquals("RUNNING", racks.path("status").asText(), racks::toString);
            assertTrue(health.path("processedEvents").asLong() > firstBatchProcessed, health::toString);
            assertEquals(0, health.path("restarts").asInt(), health::toString);

            // (b) + (d) Every window read from telemetry.node-health while the windows close equals the reference
            // window over the same range, until each node's window starts after its last event.
            Map<String, Long> lastEvent = new TreeMap<>();
            events.forEach(event -> lastEvent.merge(event.xname(), event.eventTime(), Math::max));
            Set<NodeHealthWindow> seen = new LinkedHashSet<>();
            await("every node has a window after its last event").until(() -> {
                boolean allSilent = true;
                for (String xname : lastEvent.keySet()) {
                    NodeHealthWindow window = JobsEndToEnd.health(http, xname);
                    if (window != null) {
                        seen.add(window);
                    }
                    allSilent &= window != null && window.windowStart() > lastEvent.get(xname);
                }
                return allSilent;
            });
            for (NodeHealthWindow window : seen) {
                assertEquals(HealthReference.window(events, window.xname(), window.windowStart(),
                        window.windowEnd()), window, "node-health entry " + window.xname());
                assertEquals(WINDOW, window.windowEnd() - window.windowStart());
                assertEquals(0, window.windowEnd() % SLIDE);
            }
            assertTrue(seen.stream().anyMatch(window -> window.heartbeats() > 0 && window.minTemperature() != null),
                    () -> "a window with readings was seen: " + seen);

            // (d) No event arrives any more, and the silent nodes' windows go on closing with zero heartbeats.
            Map<String, NodeHealthWindow> silent = new TreeMap<>();
            for (String xname : lastEvent.keySet()) {
                NodeHealthWindow window = JobsEndToEnd.health(http, xname);
                assertEquals(0, window.heartbeats(), window::toString);
                assertNull(window.lastHeartbeat(), window::toString);
                assertNull(window.avgTemperature(), window::toString);
                assertTrue(window.isEmpty(), window::toString);
                silent.put(xname, window);
            }
            silent.forEach((xname, window) -> await(xname + "'s windows go on closing").until(() ->
                    JobsEndToEnd.health(members.get(1), xname).windowEnd() >= window.windowEnd() + 2 * SLIDE));
            assertEquals(eventsStored, JobsEndToEnd.mapSize(http, JobMaps.TELEMETRY_EVENTS),
                    "no event arrived while the windows closed");

            // (b) Every non-empty window the job emitted (the history map) equals the reference, exactly.
            Map<String, NodeHealthWindow> history = new TreeMap<>();
            JobsEndToEnd.entries(members.get(2), JobMaps.NODE_HEALTH_HISTORY).forEach((key, value) -> {
                NodeHealthWindow window = JobsEndToEnd.window(value);
                assertEquals(JobMaps.windowKey(window.xname(), window.windowEnd()), key);
                if (window.isEmpty()) {
                    assertEquals(HealthReference.window(events, window.xname(), window.windowStart(),
                            window.windowEnd()), window, key);
                } else {
                    history.put(key, window);
                }
            });
            Map<String, NodeHealthWindow> expected = HealthReference.windows(events, WINDOW, SLIDE);
            assertTrue(expected.size() > 20, () -> "windows to compare: " + expected.keySet());
            assertEquals(expected, history, () -> "windows differ:" + Results.diff(expected, history));
            assertEquals(Map.of(), JobsEndToEnd.deadLetters(http, NODE_HEALTH), "no event was late or rejected");

            // (c) lastHeartbeat of each inventory node is its newest heartbeat sent; telemetry creates no node.
            Map<String, Long> lastHeartbeats = HealthReference.lastHeartbeats(events);
            assertTrue(lastHeartbeats.keySet().containsAll(inventory), lastHeartbeats::toString);
            for (String xname : inventory) {
                AtomicLong stored = new AtomicLong();
                await(xname + "'s lastHeartbeat is its newest heartbeat").until(() -> {
                    Http.Reply node = http.get("/v1/maps/inventory.nodes/entries/" + xname);
                    assertEquals(200, node.status(), node::toString);
                    stored.set(JobsEndToEnd.longOrNull(node.json(), "lastHeartbeat"));
                    return stored.get() == lastHeartbeats.get(xname);
                });
                assertTrue(stored.get() > createdWithHeartbeat);
            }
            assertEquals(404, http.get("/v1/maps/inventory.nodes/entries/" + notInInventory).status(),
                    "a heartbeat never creates a node");
            Set<String> withHealth = JobsEndToEnd.entries(http, JobMaps.NODE_HEALTH).keySet();
            assertTrue(withHealth.containsAll(lastEvent.keySet()), withHealth::toString);
            assertFalse(job(http, NODE_HEALTH).path("deadLetters").asLong() > 0);
        }
    }
}
