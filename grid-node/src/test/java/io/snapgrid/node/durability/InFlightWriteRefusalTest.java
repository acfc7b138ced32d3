package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.test.Accessors;
import io.snapgrid.node.testing.Firewall;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.mapstore.PutInterceptor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A REST write that reached the key's owner and was applied there after a network cut, so that its answer came too
 * late: the writing member, alone by then, had already retried it once the owner left its view. The retry runs on
 * that member (it held the key's backup) and is refused for want of a majority. The refusal must not say "not
 * applied": the network-partition drill once found such a version after the heal.
 * <p>
 * The cut is one-way (the others' packets to the lone member are dropped), so the lone member loses its majority
 * before it drops anyone, as behind a real firewall; the owner's partition thread holds the write until the lone
 * member has dropped the owner.
 */
@Tag("cluster")
class InFlightWriteRefusalTest {

    private static final String MAP = "inflight.strong";
    /** The members run in this JVM: the owner's interceptor sees these. */
    private static final CountDownLatch REACHED = new CountDownLatch(1);
    private static final AtomicReference<Runnable> ON_PUT = new AtomicReference<>();

    @Test
    void aWriteRefusedAfterItReachedTheOtherSideIsNotCalledNotApplied() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-inflight");
        Path schema = NodeVersions.writeSchema(root.resolveSibling(root.getFileName() + "-schema"));
        NodeVersions versions = new NodeVersions();
        try (TestCluster cluster = TestCluster.start(3, root, List.of(Firewall.nodeContext()),
                "--cluster.expected-size=3",
                "--cluster.failure-detector.heartbeat-interval=1s",
                "--cluster.failure-detector.max-no-heartbeat=5s",
                "--storage-classes.inflight.match=" + MAP,
                "--storage-classes.inflight.durability=strong",
                "--storage-classes.inflight.schema=" + schema)) {
            await("every partition has its backups").until(() -> IntStream.range(0, 3)
                    .allMatch(i -> cluster.member(i).getPartitionService().isClusterSafe()));
            HazelcastInstance owner = cluster.member(0);
            HazelcastInstance lone = cluster.member(2);
            String key = IntStream.range(0, 10_000).mapToObj(i -> "k" + i)
                    .filter(candidate -> holds(owner, candidate, 0) && holds(lone, candidate, 1))
                    .findFirst().orElseThrow();
            IMap<String, GenericRecord> map = owner.getMap(MAP);
            map.set(key, versions.record(key, 1));
            map.addInterceptor(new OnPut());
            Http rest = new Http(cluster.restUrl(2));

            ON_PUT.set(() -> {
                REACHED.countDown();
                await("the lone member dropped the owner").until(() -> lone.getCluster().getMembers().size() == 1);
            });
            CompletableFuture<Http.Reply> put = CompletableFuture.supplyAsync(() ->
                    rest.put("/v1/maps/" + MAP + "/entries/" + key, versions.json(key, 2)));
            assertTrue(REACHED.await(30, TimeUnit.SECONDS), "the write reached the owner");
            List.of(0, 1).forEach(i -> Firewall.silence(cluster.member(i), lone));
            Http.Reply reply = put.get(60, TimeUnit.SECONDS);
            await("the owner applied the write").until(() -> versions.versionOf(key, map.get(key)) == 2);

            assertEquals(503, reply.status(), reply::toString);
            assertTrue(reply.json().path("type").asText().endsWith("no-majority"), reply::toString);
            assertEquals("unknown", reply.json().path("applied").asText(), reply::toString);

            Http.Reply refused = rest.put("/v1/maps/" + MAP + "/entries/" + key, versions.json(key, 3));
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.json().path("applied").isBoolean() && !refused.json().path("applied").booleanValue(),
                    () -> "a write the lone member refuses up front is not applied: " + refused);
            assertEquals(2, versions.versionOf(key, map.get(key)), "the owner holds the last applied write");
            IntStream.range(0, 3).forEach(cluster::crash);
        }
    }

    /** Whether {@code member} holds replica {@code index} (0 the owner, 1 the first backup) of the key's partition. */
    private static boolean holds(HazelcastInstance member, String key, int index) {
        int partition = member.getPartitionService().getPartition(key).getPartitionId();
        return Accessors.getPartitionService(member).getPartition(partition).getReplica(index)
                .uuid().equals(member.getCluster().getLocalMember().getUuid());
    }

    /** Runs what the test set once, on the owner's partition thread, as a put is about to be applied there. */
    private static final class OnPut extends PutInterceptor {
        @Override
        public Object interceptPut(Object oldValue, Object newValue) {
            Runnable action = ON_PUT.getAndSet(null);
            if (action != null) {
                action.run();
            }
            return null;
        }
    }
}
