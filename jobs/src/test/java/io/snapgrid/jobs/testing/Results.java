package io.snapgrid.jobs.testing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.health.NodeHealthWindow;

import java.util.Map;
import java.util.TreeMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads what the jobs wrote. */
public final class Results {

    private Results() {
    }

    /** Every non-empty window of the history map, by {@code xname@windowEnd}. */
    public static Map<String, NodeHealthWindow> nonEmptyHistory(HazelcastInstance member) {
        Map<String, NodeHealthWindow> windows = new TreeMap<>();
        member.<String, GenericRecord>getMap(JobMaps.NODE_HEALTH_HISTORY).forEach((key, value) -> {
            NodeHealthWindow window = NodeHealthWindow.fromCompact(value);
            if (!window.isEmpty()) {
                windows.put(key, window);
            }
        });
        return windows;
    }

    public static NodeHealthWindow health(HazelcastInstance member, String xname) {
        GenericRecord value = member.<String, GenericRecord>getMap(JobMaps.NODE_HEALTH).get(xname);
        return value == null ? null : NodeHealthWindow.fromCompact(value);
    }

    /** Dead letters by key, as "reason | event". */
    public static Map<String, String> deadLetters(HazelcastInstance member) {
        Map<String, String> letters = new TreeMap<>();
        member.<String, GenericRecord>getMap(JobMaps.DEAD_LETTER).forEach((key, value) ->
                letters.put(key, value.getString("reason") + " | " + value.getString("event")));
        return letters;
    }

    public static void awaitRunning(Job job) {
        await("job " + job.getName() + " is running").untilAsserted(() -> {
            JobStatus status = job.getStatus();
            if (status == JobStatus.FAILED) {
                job.join(); // throws the failure
            }
            assertEquals(JobStatus.RUNNING, status);
        });
    }

    /** A readable difference of two result maps, for assertion messages. */
    public static <V> String diff(Map<String, V> expected, Map<String, V> actual) {
        StringBuilder out = new StringBuilder();
        expected.forEach((key, value) -> {
            V other = actual.get(key);
            if (!value.equals(other)) {
                out.append("\n  ").append(key).append(": expected ").append(value).append(", got ").append(other);
            }
        });
        actual.forEach((key, value) -> {
            if (!expected.containsKey(key)) {
                out.append("\n  ").append(key).append(": unexpected ").append(value);
            }
        });
        return out.toString();
    }
}
