package io.snapgrid.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.jobs.testing.TestMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows close on the wall clock: after the last event of all, with nothing at all arriving any more, the
 * windows of the nodes that went silent keep closing, and their heartbeat count falls to 0.
 */
class QuietStreamTest {

    private static final String JOB = "node-health-quiet-test";
    private static final JobSettings SETTINGS = JobSettings.defaults()
            .withHealthWindow(Duration.ofSeconds(2), Duration.ofMillis(500))
            .withAllowedLag(Duration.ofSeconds(2))
            .withTicks(Duration.ofMillis(100), Duration.ofMillis(500))
            .withHealthHistory(true);

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
    void silentNodesFallToZeroHeartbeatsWhileNoEventsArriveAtAll() throws InterruptedException {
        HazelcastInstance member = members.member(0);
        Job job = member.getJet().newJob(NodeHealthJob.pipeline(SETTINGS, WallClock.system(), JOB),
                NodeHealthJob.config(SETTINGS).setName(JOB));
        Results.awaitRunning(job);
        IMap<String, GenericRecord> telemetry = member.getMap(JobMaps.TELEMETRY_EVENTS);
        List<String> nodes = List.of("x4000c0s0b0n0", "x4000c0s1b0n0");

        long lastHeartbeat = 0;
        for (int beat = 0; beat < 10; beat++) {
            long now = System.currentTimeMillis();
            for (String xname : nodes) {
                telemetry.set(xname + "-" + beat, Telemetry.heartbeat(xname + "-" + beat, xname, now).toCompact());
            }
            lastHeartbeat = now;
            Thread.sleep(150); // paces the heartbeats over several windows; nothing is asserted on time
        }
        long silentFrom = lastHeartbeat;

        for (String xname : nodes) {
            await(xname + " has a window past its last heartbeat").until(() -> {
                NodeHealthWindow health = Results.health(member, xname);
                return health != null && health.windowStart() > silentFrom;
            });
            NodeHealthWindow quiet = Results.health(member, xname);
            assertEquals(0, quiet.heartbeats(), quiet::toString);
            assertNull(quiet.lastHeartbeat());
            await(xname + "'s windows go on closing").until(() ->
                    Results.health(member, xname).windowEnd() >= quiet.windowEnd() + 1000);
        }
        assertTrue(Results.nonEmptyHistory(member).values().stream()
                        .anyMatch(window -> window.heartbeats() > 0),
                "while the nodes were sending, their windows counted heartbeats");
        assertEquals(20, telemetry.size(), "no event arrived after the last heartbeats");
        job.cancel();
    }
}
