package io.snapgrid.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.jobs.testing.HealthReference;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.jobs.testing.TelemetryGenerator;
import io.snapgrid.jobs.testing.TestMembers;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-health job on two members against the reference simulator: every non-empty sliding window of every
 * node, exactly; the newest window per node in node-health; lastHeartbeat in inventory.nodes only for existing
 * nodes and only forward.
 */
@Tag("cluster")
class NodeHealthWindowsTest {

    private static final String JOB = "node-health-windows-test";
    private static final JobSettings SETTINGS = JobSettings.defaults()
            .withHealthWindow(Duration.ofSeconds(2), Duration.ofMillis(500))
            .withAllowedLag(Duration.ofSeconds(2))
            .withSnapshotInterval(Duration.ofSeconds(1))
            .withTicks(Duration.ofMillis(100), Duration.ofMillis(500))
            .withHealthHistory(true);

    static TestMembers members;

    @BeforeAll
    static void start() {
        members = TestMembers.start(2, 2);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    @Test
    void everyWindowOfEveryNodeMatchesTheReference() {
        HazelcastInstance member = members.member(0);
        List<String> nodes = TelemetryGenerator.nodes(12);
        IMap<String, GenericRecord> inventory = member.getMap(JobMaps.INVENTORY_NODES);
        // Half the nodes exist in the inventory; one of them already has a heartbeat later than any of the test's.
        long farFuture = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
        for (int i = 0; i < nodes.size(); i += 2) {
            inventory.set(nodes.get(i), node(nodes.get(i), i == 0 ? farFuture : null));
        }

        Job job = member.getJet().newJob(NodeHealthJob.pipeline(SETTINGS, WallClock.system(), JOB),
                NodeHealthJob.config(SETTINGS).setName(JOB));
        Results.awaitRunning(job);

        // Ahead of the clock by more than any stall between put and read: the wall clock cannot make one late.
        long from = System.currentTimeMillis() + 3000;
        List<Telemetry> events = new TelemetryGenerator(42, nodes).events(500, from, 4000);
        IMap<String, GenericRecord> telemetry = member.getMap(JobMaps.TELEMETRY_EVENTS);
        events.forEach(event -> telemetry.putIfAbsent(event.id(), event.toCompact()));
        // A re-sent event is not written again, and an overwrite by a client is an update, not a new reading.
        telemetry.putIfAbsent(events.get(0).id(), events.get(0).toCompact());
        Telemetry changed = events.get(1);
        telemetry.set(changed.id(), new Telemetry(changed.id(), changed.xname(), "heartbeat", null,
                changed.eventTime()).toCompact());

        long lastTime = events.stream().mapToLong(Telemetry::eventTime).max().orElseThrow();
        await("every node's windows have closed past its last event").until(() -> nodes.stream().allMatch(xname -> {
            NodeHealthWindow health = Results.health(member, xname);
            return health != null && health.windowEnd() > lastTime + 2000;
        }));

        Map<String, NodeHealthWindow> expected = HealthReference.windows(events, 2000, 500);
        Map<String, NodeHealthWindow> actual = Results.nonEmptyHistory(member);
        assertTrue(expected.size() > 100, "the reference has windows to compare: " + expected.size());
        assertEquals(expected, actual, () -> "windows differ:" + Results.diff(expected, actual));
        assertEquals(Map.of(), Results.deadLetters(member));

        for (String xname : nodes) {
            NodeHealthWindow newest = Results.health(member, xname);
            assertEquals(0, newest.heartbeats(), "the newest window is past the node's last heartbeat: " + newest);
            assertEquals(newest.windowEnd() - 2000, newest.windowStart());
        }

        Map<String, Long> lastHeartbeats = new HashMap<>();
        events.stream().filter(event -> event.kind().equals("heartbeat"))
                .forEach(event -> lastHeartbeats.merge(event.xname(), event.eventTime(), Math::max));
        for (int i = 0; i < nodes.size(); i++) {
            String xname = nodes.get(i);
            GenericRecord node = inventory.get(xname);
            if (i % 2 == 1) {
                assertNull(node, "a heartbeat never creates a node");
            } else if (i == 0) {
                assertEquals(farFuture, node.getNullableInt64("lastHeartbeat"), "lastHeartbeat never moves back");
            } else {
                assertEquals(lastHeartbeats.get(xname), node.getNullableInt64("lastHeartbeat"), xname);
                assertEquals("On", node.getString("state"), "the rest of the record is untouched");
            }
        }
        job.cancel();
    }

    static GenericRecord node(String xname, Long lastHeartbeat) {
        GenericData.Record avro = new GenericData.Record(Schemas.node().avroSchema());
        avro.put("hostname", "nid-" + xname);
        avro.put("arch", new GenericData.EnumSymbol(avro.getSchema().getField("arch").schema(), "x86_64"));
        avro.put("role", new GenericData.EnumSymbol(avro.getSchema().getField("role").schema(), "Compute"));
        avro.put("state", new GenericData.EnumSymbol(avro.getSchema().getField("state").schema(), "On"));
        avro.put("flag", new GenericData.EnumSymbol(avro.getSchema().getField("flag").schema(), "OK"));
        avro.put("labels", new HashMap<>());
        avro.put("nics", new ArrayList<>());
        avro.put("lastHeartbeat", lastHeartbeat);
        return Schemas.node().toCompact(avro);
    }
}
