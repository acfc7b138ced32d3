package io.snapgrid.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.racks.RackStatesJob;
import io.snapgrid.jobs.racks.RackStatesWindow;
import io.snapgrid.jobs.testing.ManualClock;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.TelemetryGenerator;
import io.snapgrid.jobs.testing.TestMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rack-states job against a reference: transitions per rack and tumbling window, in total and by the state
 * entered. A transition is stamped with the wall clock when the job reads it, so the test drives that clock by
 * hand: each round of updates happens at a known time inside one window, and the clock moves on only once the
 * job has counted the round (its processed counter), which makes every transition's window known in advance.
 */
class RackStatesTest {

    private static final String JOB = "rack-states-test";
    private static final long WINDOW = 2000;
    private static final String[] STATES = {"On", "Off", "Ready", "Halt"};
    private static final JobSettings SETTINGS = JobSettings.defaults()
            .withRackWindow(Duration.ofMillis(WINDOW))
            .withAllowedLag(Duration.ofMillis(500))
            .withTicks(Duration.ofMillis(50), Duration.ofMillis(300));

    static TestMembers members;

    @BeforeAll
    static void start() {
        members = TestMembers.start(1, 1);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    @Test
    void transitionsPerRackAndWindowMatchTheReference() {
        HazelcastInstance member = members.member(0);
        long base = 1_700_000_000_000L; // a multiple of the window
        ManualClock.set(base + 100);
        List<String> nodes = TelemetryGenerator.nodes(24); // racks x1000, x1001, x1002
        IMap<String, Object> inventory = member.getMap(JobMaps.INVENTORY_NODES);
        Map<String, String> states = new HashMap<>();
        for (String xname : nodes) {
            inventory.set(xname, NodeHealthWindowsTest.node(xname, null)); // "On"
            states.put(xname, "On");
        }
        inventory.set("x1999c0s0b0n0", NodeHealthWindowsTest.node("x1999c0s0b0n0", null));

        Job job = member.getJet().newJob(RackStatesJob.pipeline(SETTINGS, ManualClock.clock(), JOB),
                RackStatesJob.config(SETTINGS).setName(JOB));
        Results.awaitRunning(job);

        Random random = new Random(11);
        Map<String, RackStatesWindow> expected = new TreeMap<>();
        long counted = 0;
        int rounds = 4;
        for (int round = 0; round < rounds; round++) {
            long start = base + round * WINDOW;
            ManualClock.set(start + 100);
            Map<String, Map<String, Long>> intoStateByRack = new TreeMap<>();
            // Round 2 only changes other fields: a window without transitions gets no entry.
            int updates = round == 2 ? 0 : 30;
            for (int i = 0; i < updates; i++) {
                String xname = nodes.get(random.nextInt(nodes.size()));
                String next = STATES[random.nextInt(STATES.length)];
                inventory.set(xname, withState(xname, next));
                if (!next.equals(states.put(xname, next))) {
                    intoStateByRack.computeIfAbsent(xname.substring(0, 5), rack -> new TreeMap<>())
                            .merge(next, 1L, Long::sum);
                    counted++;
                }
            }
            inventory.set(nodes.get(0), NodeHealthWindowsTest.node(nodes.get(0), start)
                    .newBuilderWithClone().setString("state", states.get(nodes.get(0))).build());
            intoStateByRack.forEach((rack, intoState) -> {
                long total = intoState.values().stream().mapToLong(Long::longValue).sum();
                RackStatesWindow window = new RackStatesWindow(rack, start, start + WINDOW, total, intoState);
                expected.put(window.mapKey(), window);
            });
            long countedSoFar = counted;
            await("the job has read round " + round).untilAsserted(() -> assertEquals(countedSoFar,
                    JobCounters.total(job.getMetrics(), JobCounters.EVENTS_PROCESSED),
                    () -> job.getMetrics().toString()));
        }
        // A client overwrites a node with something that is not a Node: a dead letter, not a failure.
        inventory.set("x1999c0s0b0n0", "not a node");
        ManualClock.set(base + rounds * WINDOW + 1000);

        IMap<String, GenericRecord> rackStates = member.getMap(JobMaps.RACK_STATES);
        await("every window with transitions is written").untilAsserted(() -> assertTrue(
                rackStates.size() >= expected.size() && Results.deadLetters(member).size() == 1,
                () -> rackStates.keySet() + " " + Results.deadLetters(member)));
        Map<String, RackStatesWindow> actual = new TreeMap<>();
        rackStates.forEach((key, value) -> actual.put(key, RackStatesWindow.fromCompact(value)));
        assertTrue(expected.size() >= 6, "there are windows to compare: " + expected.keySet());
        assertEquals(expected, actual, () -> "windows differ:" + Results.diff(expected, actual));
        String letter = Results.deadLetters(member).entrySet().iterator().next().toString();
        assertTrue(letter.startsWith(JOB + ":") && letter.contains("INVALID: state"), letter);
        job.cancel();
    }

    private static GenericRecord withState(String xname, String state) {
        return NodeHealthWindowsTest.node(xname, null).newBuilderWithClone().setString("state", state).build();
    }
}
