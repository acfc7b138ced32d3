package io.snapgrid.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.JobStatusEvent;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.jobs.testing.HealthReference;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.jobs.testing.TelemetryGenerator;
import io.snapgrid.jobs.testing.TestMembers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly-once across a restart. Events are ingested in steps while the cluster changes under the running job;
 * the job restarts from its last snapshot (taken every 300 ms) and replays the journal from there. What is
 * compared: the history map holds every window the job emitted, keyed by node and window end, and a window
 * emitted again after the restart overwrites its earlier emission; so every non-empty window of every node must
 * equal the reference computed from the event list, exactly. A window counting an event twice (replayed on top of
 * restored state) or missing one (lost between snapshot and failure) would differ: each test also checks that the
 * reference of the same events with one heartbeat counted twice does not match what the job wrote.
 */
@Tag("cluster")
class NodeHealthExactlyOnceTest {

    private static final JobSettings SETTINGS = JobSettings.defaults()
            .withHealthWindow(Duration.ofSeconds(2), Duration.ofMillis(500))
            .withAllowedLag(Duration.ofSeconds(2))
            .withSnapshotInterval(Duration.ofMillis(300))
            .withTicks(Duration.ofMillis(100), Duration.ofMillis(500))
            .withHealthHistory(true);
    private static final int STEPS = 6;
    private static final int DISRUPTED_AFTER_STEP = 2;

    @Test
    void windowsStayExactWhenAMemberIsKilledMidStream() throws InterruptedException {
        try (TestMembers members = TestMembers.start(3, 3)) {
            run(members, "node-health-kill-test", step -> {
                if (step == DISRUPTED_AFTER_STEP) {
                    members.crash(2);
                }
            });
            assertEquals(2, members.member(0).getCluster().getMembers().size());
        }
    }

    @Test
    void windowsStayExactWhenAMemberJoinsMidStream() throws InterruptedException {
        try (TestMembers members = TestMembers.start(2, 3)) {
            run(members, "node-health-join-test", step -> {
                if (step == DISRUPTED_AFTER_STEP) {
                    members.add();
                }
            });
            assertEquals(3, members.member(0).getCluster().getMembers().size());
        }
    }

    private static void run(TestMembers members, String jobName, IntConsumer disruption) throws InterruptedException {
        HazelcastInstance member = members.member(0);
        Job job = member.getJet().newJob(NodeHealthJob.pipeline(SETTINGS, WallClock.system(), jobName),
                NodeHealthJob.config(SETTINGS).setName(jobName));
        List<JobStatusEvent> statuses = new CopyOnWriteArrayList<>();
        job.addStatusListener(statuses::add);
        Results.awaitRunning(job);

        List<String> nodes = TelemetryGenerator.nodes(10);
        TelemetryGenerator generator = new TelemetryGenerator(7, nodes);
        IMap<String, GenericRecord> telemetry = member.getMap(JobMaps.TELEMETRY_EVENTS);
        List<Telemetry> events = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            // Ahead of the clock; and after a restart each journal partition restores a watermark behind its
            // unread events, so none of them is late however long the restart takes.
            List<Telemetry> batch = generator.events(80, System.currentTimeMillis() + 2000, 2000);
            batch.forEach(event -> telemetry.putIfAbsent(event.id(), event.toCompact()));
            events.addAll(batch);
            disruption.accept(step);
            Thread.sleep(300); // paces the steps so the disruption falls mid-stream; nothing is asserted on time
        }
        Results.awaitRunning(job);

        long lastTime = events.stream().mapToLong(Telemetry::eventTime).max().orElseThrow();
        await("every node's windows have closed past its last event").until(() -> nodes.stream().allMatch(xname -> {
            NodeHealthWindow health = Results.health(member, xname);
            return health != null && health.windowEnd() > lastTime + 2000;
        }));

        // Status events may arrive out of order; a second start is the restart.
        assertTrue(statuses.stream().filter(event -> event.getNewStatus() == JobStatus.RUNNING).count() >= 2,
                () -> "the job restarted: " + statuses);
        Map<String, NodeHealthWindow> expected = HealthReference.windows(events, 2000, 500);
        Map<String, NodeHealthWindow> actual = Results.nonEmptyHistory(member);
        assertEquals(Map.of(), Results.deadLetters(member), "no event was late or rejected");
        assertEquals(expected, actual, () -> "windows differ:" + Results.diff(expected, actual));

        Telemetry counted = events.stream().filter(event -> event.kind().equals("heartbeat")).findFirst()
                .orElseThrow();
        List<Telemetry> countedTwice = new ArrayList<>(events);
        countedTwice.add(new Telemetry(counted.id() + "-again", counted.xname(), counted.kind(), null,
                counted.eventTime()));
        assertNotEquals(HealthReference.windows(countedTwice, 2000, 500), actual,
                "the comparison detects an event counted twice");
        job.cancel();
    }
}
