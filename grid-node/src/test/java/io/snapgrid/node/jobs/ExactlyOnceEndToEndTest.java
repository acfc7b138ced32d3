package io.snapgrid.node.jobs;

import io.snapgrid.jobs.testing.HealthReference;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.jobs.JobsEndToEnd.NODE_HEALTH;
import static io.snapgrid.node.jobs.JobsEndToEnd.job;
import static io.snapgrid.node.jobs.NodeHealthEndToEndTest.LEAD;
import static io.snapgrid.node.jobs.NodeHealthEndToEndTest.SLIDE;
import static io.snapgrid.node.jobs.NodeHealthEndToEndTest.SPAN;
import static io.snapgrid.node.jobs.NodeHealthEndToEndTest.WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once through the node: heartbeats are posted over REST in steps while a member that does not lead is
 * crashed (no graceful shutdown, no migration first) and then to the survivors. The job restarts from its last
 * snapshot and replays the journal from there. With {@code jobs.node-health.keep-history} every window the job
 * emits is written under {@code xname@windowEnd}, and a window emitted again after the restart overwrites its
 * earlier emission; so each node's heartbeat count in every completed window must equal the reference exactly.
 * An event lost between the snapshot and the crash, or counted twice (replayed on top of restored state), would
 * show; the test checks that the reference with one heartbeat counted twice does not match what the job wrote.
 */
@Tag("cluster")
class ExactlyOnceEndToEndTest {

    private static final int STEPS = 8;
    private static final int CRASH_AFTER_STEP = 2;

    /**
     * A member's crash stalls ingest for seconds on a loaded machine; this test is about exactness across the
     * restart, not lateness, so events get a lag long enough never to arrive after their window closed.
     */
    private static final String[] FLAGS = Stream.of(NodeHealthEndToEndTest.FLAGS)
            .map(flag -> flag.startsWith("--jobs.allowed-lag=") ? "--jobs.allowed-lag=15s" : flag)
            .toArray(String[]::new);

    @Test
    void heartbeatCountsStayExactWhenAMemberIsCrashedMidStream() {
        try (TestCluster cluster = TestCluster.start(3, FLAGS)) {
            List<Http> members = new ArrayList<>(List.of(new Http(cluster.restUrl(0)), new Http(cluster.restUrl(1)),
                    new Http(cluster.restUrl(2))));
            JobsEndToEnd.awaitCatalogueRunning(cluster.member(0), members.get(0), 3);
            int leader = leader(members);
            int victim = leader == 2 ? 1 : 2;
            long restartsBefore = job(members.get(leader), NODE_HEALTH).path("restarts").asLong();

            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                nodes.add("x" + (2200 + i / 4) + "c0s" + i % 4 + "b0n" + i % 2);
            }
            SentEvents.Generator generator = new SentEvents.Generator(13, "eo-");
            List<Telemetry> events = new ArrayList<>();
            List<Http> alive = new ArrayList<>(members);
            for (int step = 0; step < STEPS; step++) {
                List<Telemetry> batch = generator.heartbeats(nodes, 60, System.currentTimeMillis() + LEAD, SPAN);
                JobsEndToEnd.postTelemetry(alive.get(step % alive.size()), batch);
                events.addAll(batch);
                if (step == CRASH_AFTER_STEP) {
                    // As MemberKillIT does: the crash tests the job, not a cluster still syncing its replicas.
                    await("every partition's backups are in sync").until(() ->
                            members.get(leader).get("/v1/cluster").json().path("safe").asBoolean());
                    cluster.crash(victim);
                    alive.remove(members.get(victim));
                }
                JobsEndToEnd.sleep(300);
            }
            Http http = members.get(leader);

            await("the job restarted and runs again").until(() -> {
                JsonNode status = job(http, NODE_HEALTH);
                return status.path("restarts").asLong() > restartsBefore
                        && status.path("status").asText().equals("RUNNING");
            });
            long lastTime = events.stream().mapToLong(Telemetry::eventTime).max().orElseThrow();
            await("every node's windows have closed past the last event").until(() -> nodes.stream().allMatch(xname -> {
                NodeHealthWindow window = JobsEndToEnd.health(http, xname);
                return window != null && window.windowStart() > lastTime;
            }));

            Map<String, NodeHealthWindow> actual = new TreeMap<>();
            JobsEndToEnd.entries(http, JobMaps.NODE_HEALTH_HISTORY).forEach((key, value) -> {
                NodeHealthWindow window = JobsEndToEnd.window(value);
                if (!window.isEmpty()) {
                    actual.put(key, window);
                }
            });
            Map<String, NodeHealthWindow> expected = HealthReference.windows(events, WINDOW, SLIDE);
            assertEquals(Map.of(), JobsEndToEnd.deadLetters(http, NODE_HEALTH), "no event was late or rejected");
            assertEquals(heartbeats(expected), heartbeats(actual),
                    () -> "heartbeat counts differ:" + Results.diff(heartbeats(expected), heartbeats(actual)));
            assertEquals(expected, actual, () -> "windows differ:" + Results.diff(expected, actual));
            assertEquals(STEPS * 60, events.size());
            assertEquals(events.size(), JobsEndToEnd.mapSize(http, JobMaps.TELEMETRY_EVENTS),
                    "every acknowledged event survived the crash");

            Telemetry counted = events.get(events.size() / 2);
            List<Telemetry> countedTwice = new ArrayList<>(events);
            countedTwice.add(Telemetry.heartbeat(counted.id() + "-again", counted.xname(), counted.eventTime()));
            assertNotEquals(heartbeats(HealthReference.windows(countedTwice, WINDOW, SLIDE)),
                    heartbeats(actual), "the comparison detects a heartbeat counted twice");
            List<Telemetry> oneLost = new ArrayList<>(events);
            oneLost.remove(counted);
            assertNotEquals(heartbeats(HealthReference.windows(oneLost, WINDOW, SLIDE)),
                    heartbeats(actual), "the comparison detects a lost heartbeat");
            JsonNode status = job(alive.get(0), NODE_HEALTH);
            assertTrue(status.path("restarts").asLong() >= 1, status::toString);
            assertEquals("RUNNING", status.path("status").asText(), status::toString);
        }
    }

    /** The heartbeat count of every window, by {@code xname@windowEnd}. */
    private static Map<String, Long> heartbeats(Map<String, NodeHealthWindow> windows) {
        Map<String, Long> counts = new TreeMap<>();
        windows.forEach((key, window) -> counts.put(key, window.heartbeats()));
        return counts;
    }

    /** The member whose control service leads, as GET /v1/control tells. */
    private static int leader(List<Http> members) {
        int[] leader = {-1};
        await("a member leads the control service").until(() -> {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).get("/v1/control").json().path("localLeading").asBoolean()) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }
}
