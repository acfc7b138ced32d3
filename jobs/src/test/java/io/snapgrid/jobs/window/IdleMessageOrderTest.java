package io.snapgrid.jobs.window;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.impl.execution.WatermarkCoalescer;
import com.hazelcast.jet.pipeline.Pipeline;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.racks.RackStatesJob;
import io.snapgrid.jobs.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why the jobs read their journal, and pass on the clock's watermarks, with one processor per member.
 * <p>
 * Hazelcast 5.7 (ConcurrentInboundEdgeStream.RoundRobinDrain) drains a queue up to its first watermark or idle
 * message, hands that message to the edge's watermark coalescer, and only then tells the coalescer that the
 * queue carried items. When an upstream processor emits an item that does not move its watermark (a late or
 * unreadable event, or one older than its partition's newest) and then, its idle timeout later, the idle message,
 * and the downstream processor drains both at once (it was held up by backpressure or a busy CPU for the whole
 * idle timeout), the coalescer ends up taking the idle queue for an active one stuck at its old watermark. On an
 * edge with several upstream queues that old watermark then holds back every other queue's: the edge's watermark
 * stops until that processor emits a higher one, which on a quiet stream is never. With assertions on (tests), the
 * same state trips an assertion in KeyedWatermarkCoalescer and fails the job.
 * <p>
 * An edge whose downstream processor has one queue on it is not affected: there is no other queue to hold back.
 * The first test pins down the Hazelcast behaviour (if it starts failing, Hazelcast fixed it); the second checks that
 * both jobs keep the edges into the stage that merges their journal with the clock at one queue each.
 */
class IdleMessageOrderTest {

    private static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    static HazelcastInstance member;

    @BeforeAll
    static void start() {
        Config config = new Config();
        config.setClusterName("idle-order-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.partition.count", "7");
        config.getNetworkConfig().setPort(FreePorts.take()).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        // One cooperative thread: an upstream processor's item and idle message are both queued before the
        // downstream processor drains, as when it is held up for a whole idle timeout.
        config.getJetConfig().setEnabled(true).setCooperativeThreadCount(1);
        member = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() {
        member.getLifecycleService().terminate();
    }

    @Test
    void anItemDrainedTogetherWithTheIdleMessageAfterItHoldsBackTheOtherQueuesOnlyWhenThereAreOthers() {
        Outcome two = run("two-queues", 2);
        assertTrue(two.failedOnAssertion() || !two.watermarks().contains(2000L),
                "Hazelcast still loses the idleness of a queue whose item and idle message are drained together: "
                        + two);
        Outcome one = run("one-queue", 1);
        assertEquals(JobStatus.RUNNING, one.status(), one::toString);
        assertEquals(List.of(1000L, 2000L), one.watermarks(), one::toString);
    }

    @Test
    void bothJobsMergeTheirJournalAndTheClockThroughSingleQueueEdges() {
        JobSettings settings = JobSettings.defaults();
        for (Pipeline pipeline : List.of(NodeHealthJob.pipeline(settings, WallClock.system(), "h"),
                RackStatesJob.pipeline(settings, WallClock.system(), "r"))) {
            @SuppressWarnings("removal")
            DAG dag = pipeline.toDag();
            List<String> merged = new ArrayList<>();
            for (Vertex vertex : dag) {
                if (dag.getInboundEdges(vertex.getName()).size() < 2) {
                    continue;
                }
                for (Edge edge : dag.getInboundEdges(vertex.getName())) {
                    Vertex from = dag.getVertex(edge.getSourceName());
                    if (from.getName().startsWith("read-") || isAfterTicks(dag, from)) {
                        assertEquals(1, from.getLocalParallelism(), from.getName() + " -> " + vertex.getName());
                        assertTrue(!edge.isDistributed(), from.getName() + " -> " + vertex.getName());
                        merged.add(from.getName());
                    }
                }
            }
            assertEquals(2, merged.size(), "the journal and the clock are merged: " + dag.toDotString());
        }
    }

    private static boolean isAfterTicks(DAG dag, Vertex vertex) {
        return dag.getInboundEdges(vertex.getName()).stream()
                .anyMatch(edge -> edge.getSourceName().equals("wall-clock-watermarks"));
    }

    private record Outcome(JobStatus status, Throwable failure, List<Long> watermarks) {
        boolean failedOnAssertion() {
            Throwable cause = failure;
            while (cause != null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return status == JobStatus.FAILED && cause instanceof AssertionError
                    && cause.getStackTrace()[0].getClassName().endsWith("KeyedWatermarkCoalescer");
        }
    }

    /**
     * Upstream processors (as many as {@code queues}) each emit watermark 1000 and go idle. Later the last one emits
     * an item and goes idle again in one go; later still the first one emits watermark 2000, which with every other
     * queue idle is the edge's watermark.
     */
    private static Outcome run(String name, int queues) {
        SEEN.put(name, new CopyOnWriteArrayList<>());
        DAG dag = new DAG();
        Vertex source = dag.newVertex("source", () -> new Upstream(queues)).localParallelism(queues);
        Vertex sink = dag.newVertex("sink", () -> new Recorder(name)).localParallelism(1);
        dag.edge(Edge.between(source, sink));
        Job job = member.getJet().newJob(dag);
        await(name + " is done or has seen its watermarks").until(() -> job.getStatus() == JobStatus.FAILED
                || SEEN.get(name).contains(2000L) || SEEN.get(name).contains("waited"));
        JobStatus status = job.getStatus();
        Throwable failure = null;
        if (status == JobStatus.FAILED) {
            try {
                job.join();
            } catch (RuntimeException e) {
                failure = e;
            }
        } else {
            job.cancel();
        }
        List<Long> watermarks = SEEN.get(name).stream().filter(Long.class::isInstance).map(Long.class::cast)
                .toList();
        return new Outcome(status, failure, watermarks);
    }

    private static final class Upstream extends AbstractProcessor {

        private final int queues;
        private int index;
        private int step;
        private long since;

        Upstream(int queues) {
            this.queues = queues;
        }

        @Override
        protected void init(Context context) {
            index = context.globalProcessorIndex();
        }

        @Override
        public boolean complete() {
            boolean last = index == queues - 1;
            switch (step) {
                case 0 -> step += tryEmit(new Watermark(1000)) ? 1 : 0;
                case 1 -> {
                    if (tryEmit(WatermarkCoalescer.IDLE_MESSAGE)) {
                        step++;
                        since = System.nanoTime();
                    }
                }
                case 2 -> {
                    if (last && elapsedMillis() > 300 && tryEmit("late") && tryEmit(WatermarkCoalescer.IDLE_MESSAGE)) {
                        step++;
                    } else if (!last) {
                        step++;
                    }
                }
                case 3 -> {
                    if (index != 0) {
                        step = 5;
                    } else if (elapsedMillis() > 800 && tryEmit(new Watermark(2000))) {
                        step++;
                    }
                }
                case 4 -> {
                    if (index == 0 && elapsedMillis() > 3000 && tryEmit("waited")) {
                        step++;
                    }
                }
                default -> {
                }
            }
            return false;
        }

        private long elapsedMillis() {
            return (System.nanoTime() - since) / 1_000_000;
        }
    }

    private static final class Recorder extends AbstractProcessor {

        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        protected boolean tryProcess(int ordinal, Object item) {
            SEEN.get(name).add(item);
            return true;
        }

        @Override
        public boolean tryProcessWatermark(Watermark watermark) {
            SEEN.get(name).add(watermark.timestamp());
            return true;
        }
    }
}
