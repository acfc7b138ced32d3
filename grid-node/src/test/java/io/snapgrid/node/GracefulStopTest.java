package io.snapgrid.node;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicReference;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a rolling restart relies on (docs/kubernetes.md, Roll): after a member is lost the others are not ready until
 * its partitions have their backups again, and a leaving member is not ready from the first step of its stop, so
 * that an orchestrator waits before it stops the next member.
 */
@Tag("cluster")
class GracefulStopTest {

    private static final String READINESS = "/health/readiness";
    private static final String MAP = "graceful-stop.entries";
    private static final int ENTRIES = 500;
    /**
     * A full cluster of three that stays ready on two; one partition copied at a time, so that the pauses of
     * {@link SlowToCopy} add up.
     */
    private static final String[] FLAGS = {
            "--cluster.expected-size=3",
            "--cluster.min-size=2",
            "--cluster.hazelcast-properties.hazelcast.partition.max.parallel.migrations=1",
            "--cluster.hazelcast-properties.hazelcast.partition.max.parallel.replications=1"};

    @Test
    void readinessWaitsForSafetyAfterAMemberIsLostAndIsOffFromTheStartOfAStop() {
        try (TestCluster cluster = TestCluster.start(3, FLAGS)) {
            Http survivor = new Http(cluster.restUrl(0));
            Http leaving = new Http(cluster.restUrl(1));
            for (int i = 0; i < cluster.size(); i++) {
                Http node = new Http(cluster.restUrl(i));
                await("node " + i + " ready").until(() -> node.get(READINESS).status() == 200);
            }
            // Values kept as objects are serialized when their partitions are copied.
            cluster.member(0).getConfig().addMapConfig(new MapConfig(MAP).setInMemoryFormat(InMemoryFormat.OBJECT));
            IMap<Integer, SlowToCopy> map = cluster.member(0).getMap(MAP);
            for (int key = 0; key < ENTRIES; key++) {
                map.put(key, new SlowToCopy("value-" + key));
            }

            SlowToCopy.pause = true;
            cluster.crash(2);
            await("a survivor not ready, for want of a safe cluster, while the lost member's partitions get their"
                    + " backups back").until(() -> {
                Http.Reply readiness = survivor.get(READINESS);
                return readiness.status() == 503 && !readiness.body().contains("\"clusterSafe\":true");
            });
            await("the survivor ready again once the cluster is safe")
                    .until(() -> survivor.get(READINESS).status() == 200);
            assertTrue(cluster.member(0).getPartitionService().isClusterSafe());
            SlowToCopy.pause = false;

            // Hazelcast announces SHUTTING_DOWN before the member hands over its first partition.
            AtomicReference<Http.Reply> readinessAsItBeganToLeave = new AtomicReference<>();
            cluster.member(1).getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                    readinessAsItBeganToLeave.set(leaving.get(READINESS));
                }
            });
            // Ready before it is stopped, so that what the listener sees comes from the stop alone.
            await("the member to stop ready").until(() -> leaving.get(READINESS).status() == 200);
            assertTrue(cluster.bean(1, GracefulStop.class).run("test"));
            Http.Reply atLeaving = readinessAsItBeganToLeave.get();
            assertNotNull(atLeaving, "the member never announced SHUTTING_DOWN");
            assertEquals(503, atLeaving.status(), atLeaving::toString);
            assertTrue(atLeaving.body().contains("\"shutdown\":\"in progress\""), atLeaving::toString);
            assertFalse(cluster.bean(1, GracefulStop.class).run("test, again"), "a second request stops nothing");

            for (int key = 0; key < ENTRIES; key++) {
                assertEquals("value-" + key, map.get(key).value(), "key " + key);
            }
        } finally {
            SlowToCopy.pause = false;
        }
    }

    /**
     * A value that, once {@link #pause} is set, takes 10 ms to serialize: the lost member's partitions then take
     * seconds to get their backups back (about 7 entries a partition, some 47 replicas copied one after another),
     * however fast the machine is. Readiness reads a safety check made once a second, so it must see them move.
     */
    record SlowToCopy(String value) implements Serializable {
        static volatile boolean pause;

        @Serial
        private Object writeReplace() throws ObjectStreamException {
            if (pause) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return this;
        }
    }
}
