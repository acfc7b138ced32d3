package io.snapgrid.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.jobs.testing.Results;
import io.snapgrid.jobs.testing.Telemetry;
import io.snapgrid.jobs.testing.TestMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever lands in telemetry.events, the node-health job keeps running: an entry it cannot use, and an event
 * that comes after its windows closed, become dead letters with their reason, and the metrics count them.
 */
class DeadLetterTest {

    private static final String JOB = "node-health-dead-letter-test";
    private static final String NODE = "x3000c0s0b0n0";
    private static final JobSettings SETTINGS = JobSettings.defaults()
            .withHealthWindow(Duration.ofSeconds(2), Duration.ofMillis(500))
            .withAllowedLag(Duration.ofSeconds(1))
            .withTicks(Duration.ofMillis(100), Duration.ofMillis(500));

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
    void unusableAndLateEventsBecomeCountedDeadLettersWithTheirReasons() {
        HazelcastInstance member = members.member(0);
        Job job = member.getJet().newJob(NodeHealthJob.pipeline(SETTINGS, WallClock.system(), JOB),
                NodeHealthJob.config(SETTINGS).setName(JOB));
        Results.awaitRunning(job);
        IMap<String, Object> telemetry = member.getMap(JobMaps.TELEMETRY_EVENTS);
        long now = System.currentTimeMillis();

        Map<String, DeadLetterReason> expected = new TreeMap<>();
        put(telemetry, expected, "g-string", "not an event", DeadLetterReason.NOT_A_RECORD);
        put(telemetry, expected, "g-number", 42, DeadLetterReason.NOT_A_RECORD);
        put(telemetry, expected, "g-unreadable", new Unreadable(), DeadLetterReason.UNREADABLE);
        put(telemetry, expected, "g-other-type", GenericRecordBuilder.compact("acme.Reading")
                .setString("id", "g-other-type").build(), DeadLetterReason.INVALID);
        put(telemetry, expected, "g-missing-fields", GenericRecordBuilder.compact("snapgrid.telemetry.Event")
                .setString("id", "g-missing-fields").setString("kind", "heartbeat").build(),
                DeadLetterReason.INVALID);
        put(telemetry, expected, "g-value-kind", GenericRecordBuilder.compact("snapgrid.telemetry.Event")
                .setString("id", "g-value-kind").setString("xname", NODE).setString("kind", "temperature")
                .setString("value", "hot").setInt64("eventTime", now).setInt64("receivedAt", now).build(),
                DeadLetterReason.INVALID);
        put(telemetry, expected, "g-xname", new Telemetry("g-xname", "rack-7", "heartbeat", null, now + 500)
                .toCompact(), DeadLetterReason.INVALID);
        put(telemetry, expected, "g-kind", new Telemetry("g-kind", NODE, "Heart Beat", null, now + 500)
                .toCompact(), DeadLetterReason.INVALID);
        put(telemetry, expected, "g-time", new Telemetry("g-time", NODE, "heartbeat", null, 5).toCompact(),
                DeadLetterReason.INVALID);
        put(telemetry, expected, "g-power", new Telemetry("g-power", NODE, "power", 3.0, now + 500).toCompact(),
                DeadLetterReason.INVALID);
        put(telemetry, expected, "g-id", new Telemetry("another-id", NODE, "heartbeat", null, now + 500)
                .toCompact(), DeadLetterReason.INVALID);

        // A good heartbeat makes the node known; once its first windows have closed, an event older than them is late.
        telemetry.set("good-1", Telemetry.heartbeat("good-1", NODE, now + 500).toCompact());
        await("the node's window with its heartbeat has closed").until(() -> {
            NodeHealthWindow health = Results.health(member, NODE);
            return health != null && health.windowEnd() > now + 600;
        });
        put(telemetry, expected, "late-1", Telemetry.heartbeat("late-1", NODE, now - 5000).toCompact(),
                DeadLetterReason.LATE);

        await("every dead letter is written").untilAsserted(() -> assertTrue(
                Results.deadLetters(member).size() >= expected.size(), () -> Results.deadLetters(member).toString()));
        Map<String, String> letters = Results.deadLetters(member);
        Map<String, DeadLetterReason> reasons = new TreeMap<>();
        letters.forEach((key, reason) -> reasons.put(key, DeadLetterReason.valueOf(reason.split(":")[0])));
        Map<String, DeadLetterReason> expectedKeys = new TreeMap<>();
        expected.forEach((id, reason) -> expectedKeys.put(JOB + ":" + id, reason));
        assertEquals(expectedKeys, reasons, letters::toString);
        assertTrue(letters.get(JOB + ":g-xname").contains("rack-7"), "the reason names the field and value");
        assertTrue(letters.get(JOB + ":late-1").contains("\"id\":\"late-1\""), "the event is kept as JSON");

        await("the metrics count every dead letter").untilAsserted(() -> assertTrue(
                JobCounters.total(job.getMetrics(), JobCounters.DEAD_LETTERS) == expected.size()
                        && JobCounters.total(job.getMetrics(), JobCounters.LATE_EVENTS) == 1
                        && JobCounters.total(job.getMetrics(), JobCounters.EVENTS_PROCESSED) == 1,
                () -> job.getMetrics().toString()));
        assertEquals(JobStatus.RUNNING, job.getStatus());
        job.cancel();
    }

    private static void put(IMap<String, Object> telemetry, Map<String, DeadLetterReason> expected, String key,
                            Object value, DeadLetterReason reason) {
        telemetry.set(key, value);
        expected.put(key, reason);
    }

    /** A value a member can store but never read back. */
    static final class Unreadable implements Serializable {

        private void readObject(ObjectInputStream in) throws IOException {
            throw new IOException("this value cannot be read");
        }
    }
}
