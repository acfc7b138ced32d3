package io.snapgrid.node.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static io.snapgrid.node.jobs.JobsEndToEnd.RACK_STATES;
import static io.snapgrid.node.jobs.JobsEndToEnd.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rack-states job through the node: node states are changed with REST PUTs on a 2-member cluster, and
 * {@code stats.rack-states}, read over REST, must hold per rack and window the transitions made, by the state
 * entered.
 * <p>
 * The job stamps a transition with the wall clock when it reads it from the journal, so the test cannot say in
 * which window a transition falls to the millisecond. It makes each round of changes right after a window starts,
 * notes the window in which its last PUT returned, and leaves a whole window free before the next round. A round's
 * transitions then lie in its own windows: from the one it started in to the one after its last PUT (for the
 * journal read). Per round and rack those windows together must count exactly the round's transitions, and no
 * entry may lie outside the rounds' windows. A round whose changes all landed in its first window is compared
 * window for window.
 */
@Tag("cluster")
class RackStatesEndToEndTest {

    private static final long WINDOW = 2000;
    private static final String[] STATES = {"On", "Off", "Ready", "Halt", "Standby"};
    private static final int ROUNDS = 4;

    /** Transitions by rack, then by state entered. */
    private record Round(long firstWindowStart, long lastWindowStart, Map<String, Map<String, Long>> byRack) {
    }

    @Test
    void transitionsPerRackAndWindowAreTheStateChangesMade() {
        try (TestCluster cluster = TestCluster.start(2, DeadLettersEndToEndTest.flags())) {
            List<Http> members = List.of(new Http(cluster.restUrl(0)), new Http(cluster.restUrl(1)));
            Http http = members.get(0);
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                nodes.add("x" + (2300 + i % 3) + "c0s" + i / 3 + "b0n0");
            }
            Map<String, String> states = new HashMap<>();
            for (String xname : nodes) {
                Http.Reply created = http.put("/v1/maps/inventory.nodes/entries/" + xname, Records.node(xname, "On"));
                assertEquals(201, created.status(), created::toString);
                states.put(xname, "On");
            }
            JobsEndToEnd.awaitCatalogueRunning(cluster.member(0), http, 2);

            Random random = new Random(17);
            List<Round> rounds = new ArrayList<>();
            long next = System.currentTimeMillis();
            long transitions = 0;
            for (int round = 0; round < ROUNDS; round++) {
                sleepUntil(frameStart(next) + WINDOW + 100);
                long first = frameStart(System.currentTimeMillis());
                Map<String, Map<String, Long>> byRack = new TreeMap<>();
                for (int change = 0; change < 6; change++) {
                    String xname = nodes.get(random.nextInt(nodes.size()));
                    String state = STATES[random.nextInt(STATES.length)];
                    // A PUT that keeps the state (a new hostname only) is an update but no transition.
                    Http.Reply put = members.get(change % 2).put("/v1/maps/inventory.nodes/entries/" + xname,
                            Records.node(xname + "-" + round + "-" + change, state));
                    assertEquals(200, put.status(), put::toString);
                    if (!state.equals(states.put(xname, state))) {
                        byRack.computeIfAbsent(xname.substring(0, 5), rack -> new TreeMap<>())
                                .merge(state, 1L, Long::sum);
                        transitions++;
                    }
                }
                // A node created now is added, not a transition.
                String added = "x" + (2300 + round % 3) + "c1s0b0n" + round;
                assertEquals(201, http.put("/v1/maps/inventory.nodes/entries/" + added,
                        Records.node(added, "Ready")).status());
                long last = frameStart(System.currentTimeMillis()) + WINDOW;
                rounds.add(new Round(first, last, byRack));
                next = last + WINDOW;
            }
            long made = transitions;
            assertTrue(made >= 10, "transitions made: " + made);

            await("the job counted every transition").until(() ->
                    job(members.get(1), RACK_STATES).path("processedEvents").asLong() == made);
            long lastWindowEnd = rounds.get(ROUNDS - 1).lastWindowStart() + WINDOW;
            sleepUntil(lastWindowEnd);
            Map<String, JsonNode> entries = new TreeMap<>();
            await("every window with transitions is written").until(() -> {
                entries.clear();
                entries.putAll(JobsEndToEnd.entries(http, JobMaps.RACK_STATES));
                return entries.values().stream().mapToLong(entry -> entry.path("transitions").asLong()).sum() == made;
            });

            // Every entry is one rack's tumbling window, keyed rack@windowEnd, its total the sum by state.
            for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
                JsonNode window = entry.getValue();
                long end = window.path("windowEnd").asLong();
                assertEquals(window.path("rack").asText() + "@" + end, entry.getKey());
                assertEquals(WINDOW, end - window.path("windowStart").asLong(), window::toString);
                assertEquals(0, end % WINDOW, window::toString);
                long sum = 0;
                for (JsonNode count : window.path("intoState")) {
                    sum += count.asLong();
                }
                assertEquals(window.path("transitions").asLong(), sum, window::toString);
            }
            // Per round and rack, the round's windows hold exactly its transitions; nothing lies outside them.
            Map<String, JsonNode> unclaimed = new TreeMap<>(entries);
            int exactRounds = 0;
            for (Round round : rounds) {
                Map<String, Map<String, Long>> counted = new TreeMap<>();
                boolean oneWindow = true;
                for (long start = round.firstWindowStart(); start <= round.lastWindowStart(); start += WINDOW) {
                    for (String rack : List.of("x2300", "x2301", "x2302")) {
                        JsonNode window = unclaimed.remove(rack + "@" + (start + WINDOW));
                        if (window == null) {
                            continue;
                        }
                        oneWindow &= start == round.firstWindowStart();
                        window.path("intoState").fields().forEachRemaining(count -> counted
                                .computeIfAbsent(rack, r -> new TreeMap<>())
                                .merge(count.getKey(), count.getValue().asLong(), Long::sum));
                    }
                }
                assertEquals(round.byRack(), counted, () -> "transitions of the round starting at "
                        + round.firstWindowStart() + ", windows " + entries);
                exactRounds += oneWindow ? 1 : 0;
            }
            assertEquals(Map.of(), unclaimed, "no window outside the rounds has transitions");
            System.out.println("rack-states: " + made + " transitions, " + exactRounds + " of " + ROUNDS
                    + " rounds within their first window");

            assertEquals(Map.of(), JobsEndToEnd.deadLetters(http, RACK_STATES), "no update was rejected");
            JsonNode status = job(http, RACK_STATES);
            assertEquals("RUNNING", status.path("status").asText(), status::toString);
            assertEquals(made, status.path("processedEvents").asLong(), status::toString);
            assertEquals(0, status.path("deadLetters").asLong(), status::toString);
        }
    }

    private static long frameStart(long time) {
        return Math.floorDiv(time, WINDOW) * WINDOW;
    }

    private static void sleepUntil(long time) {
        long wait = time - System.currentTimeMillis();
        if (wait > 0) {
            JobsEndToEnd.sleep(wait);
        }
    }
}
