package io.snapgrid.node.durability;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.snapgrid.node.testing.Firewall;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2|1 partition of a cluster expected to have 3 members, made by cutting the members' real TCP links, with a
 * strong and a weak map written on both sides: the lone member refuses writes once it has lost its majority, every
 * write acknowledged on either side is there after the sides merge, keys the majority deleted while split stay
 * deleted, and a restart of the whole cluster after every member was terminated loads exactly what memory held.
 */
@Tag("cluster")
class PartitionMergeTest {

    private static final String STRONG = "split.strong";
    private static final String WEAK = "split.weak";
    /** Keys per writer and kind; small, since each write of the lone member waits for backups it cannot reach. */
    private static final int KEYS = 8;

    @Test
    void noAcknowledgedWriteIsLostOrBroughtBackWhenASplitClusterHeals() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-split");
        Path schema = NodeVersions.writeSchema(root.resolveSibling(root.getFileName() + "-schema"));
        String[] flags = {
                "--cluster.expected-size=3",
                "--cluster.failure-detector.heartbeat-interval=1s",
                "--cluster.failure-detector.max-no-heartbeat=5s",
                "--cluster.hazelcast-properties.hazelcast.merge.first.run.delay.seconds=2",
                "--cluster.hazelcast-properties.hazelcast.merge.next.run.delay.seconds=2",
                "--storage-classes.split-strong.match=" + STRONG,
                "--storage-classes.split-strong.durability=strong",
                "--storage-classes.split-strong.schema=" + schema,
                "--storage-classes.split-weak.match=" + WEAK,
                "--storage-classes.split-weak.durability=weak",
                "--storage-classes.split-weak.snapshot-interval=1s",
                "--storage-classes.split-weak.schema=" + schema};
        NodeVersions versions = new NodeVersions();
        Map<String, WriteLedger> ledgers = Map.of(STRONG, new WriteLedger(STRONG), WEAK, new WriteLedger(WEAK));
        Map<String, Map<String, Integer>> merged = Map.of();
        try (TestCluster cluster = TestCluster.start(3, root, List.of(Firewall.nodeContext()), flags)) {
            await("every partition has its backups").until(() -> IntStream.range(0, 3)
                    .allMatch(i -> cluster.member(i).getPartitionService().isClusterSafe()));
            int lonely = 2;
            HazelcastInstance minority = cluster.member(lonely);
            HazelcastInstance majority = cluster.member(0);
            Keys keys = Keys.split(minority);
            for (String map : List.of(STRONG, WEAK)) {
                for (String key : keys.seeded()) {
                    majority.<String, GenericRecord>getMap(map).set(key, versions.record(key, 0));
                    ledgers.get(map).acknowledged(key, 0, false);
                }
            }
            // The doomed keys' copies on the lone member must be older than anything the merge counts as a change
            // made while split: max-no-heartbeat (5 s) and a heartbeat interval (1 s) before the lone member was
            // removed, rounded down to the second.
            long seeded = System.currentTimeMillis();

            AtomicBoolean split = new AtomicBoolean();
            List<Writer> writers = new ArrayList<>();
            for (String map : List.of(STRONG, WEAK)) {
                writers.add(new Writer(minority, map, ledgers.get(map), versions, keys.minorityOwned(),
                        keys.minorityFresh(), split));
                writers.add(new Writer(majority, map, ledgers.get(map), versions, keys.majorityOwned(),
                        List.of(), split));
            }
            writers.forEach(Writer::start);
            await("the writers acknowledged writes before the split").until(() -> seeded + 8_000 < System.currentTimeMillis()
                    && writers.stream().allMatch(writer -> writer.acknowledged.get() > 2));

            CountDownLatch merge = new CountDownLatch(1);
            minority.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    merge.countDown();
                }
            });
            List.of(0, 1).forEach(i -> Firewall.cut(minority, cluster.member(i)));
            await("each side dropped the other").until(() -> minority.getCluster().getMembers().size() == 1
                    && majority.getCluster().getMembers().size() == 2);
            split.set(true);
            for (String map : List.of(STRONG, WEAK)) {
                for (String key : keys.doomed()) {
                    majority.getMap(map).delete(key);
                    ledgers.get(map).acknowledged(key, 1, true);
                }
            }
            await("the lone member refused writes and the majority wrote on").until(() -> writers.stream()
                    .allMatch(PartitionDrillWriter::refusedOrWroteOnWhileSplit));
            Http.Reply refused = new Http(cluster.restUrl(lonely)).put("/v1/maps/" + STRONG + "/entries/"
                    + keys.minorityOwned().get(0), versions.json(keys.minorityOwned().get(0), 999_999));
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.json().path("type").asText().endsWith("no-majority"), refused::toString);
            assertTrue(refused.retryAfter() != null, refused::toString);
            assertEquals(200, new Http(cluster.restUrl(lonely)).get("/v1/maps/" + STRONG + "/entries/"
                    + keys.minorityOwned().get(0)).status(), "reads stay available on the minority");
            for (Writer writer : writers) {
                writer.finish();
                assertEquals(0, writer.acknowledgedAlone.get(), "writes the lone member acknowledged alone");
            }

            List.of(0, 1).forEach(i -> Firewall.restore(minority, cluster.member(i)));
            await("the lone member merged into the majority").until(() -> merge.getCount() == 0);
            await("the merged cluster is whole and safe").until(() -> IntStream.range(0, 3).allMatch(i ->
                    cluster.member(i).getCluster().getMembers().size() == 3
                            && cluster.member(i).getPartitionService().isClusterSafe()));
            merged = Map.of(STRONG, versions.restored(majority.getMap(STRONG)),
                    WEAK, versions.restored(majority.getMap(WEAK)));
            for (String map : List.of(STRONG, WEAK)) {
                WriteLedger.Verdict verdict = ledgers.get(map).check(merged.get(map), write -> true);
                assertTrue(verdict.violations().isEmpty(), "after the merge: " + verdict);
                System.out.println("after the merge: " + verdict);
            }
            writers.forEach(writer -> System.out.println(writer.map.getName() + " on " + writer.member.getName()
                    + ": " + writer.counts()));
            // A weak map's changes reach the store a write delay later; a crash may lose those, by design.
            majority.getMap(WEAK).flush();
            IntStream.range(0, 3).forEach(cluster::crash);
        }
        try (TestCluster restarted = TestCluster.start(3, root, List.of(), flags)) {
            for (String map : List.of(STRONG, WEAK)) {
                assertEquals(merged.get(map), versions.restored(restarted.member(0).getMap(map)),
                        map + ": the store gives back what memory held");
            }
        }
    }

    /** The keys of the test, sorted by who owns them when the links are cut. */
    private record Keys(List<String> minorityOwned, List<String> minorityFresh, List<String> majorityOwned,
                        List<String> doomed) {

        static Keys split(HazelcastInstance minority) {
            Member lonely = minority.getCluster().getLocalMember();
            List<String> ownedThere = new ArrayList<>();
            List<String> ownedHere = new ArrayList<>();
            for (int i = 0; ownedThere.size() < 2 * KEYS || ownedHere.size() < 2 * KEYS; i++) {
                String key = "x1000c0s" + i + "b0n0";
                Member owner = minority.getPartitionService().getPartition(key).getOwner();
                (owner.equals(lonely) ? ownedThere : ownedHere).add(key);
            }
            return new Keys(ownedThere.subList(0, KEYS), ownedThere.subList(KEYS, 2 * KEYS),
                    ownedHere.subList(0, KEYS), ownedHere.subList(KEYS, 2 * KEYS));
        }

        /** Written before the split: every key but the fresh ones, which only the lone member writes, once split. */
        List<String> seeded() {
            List<String> seeded = new ArrayList<>(minorityOwned);
            seeded.addAll(majorityOwned);
            seeded.addAll(doomed);
            return seeded;
        }
    }

    /**
     * Rewrites its keys, one after another, with increasing versions until finished. A write that may or may not
     * have been applied leaves its key alone from then on (see {@link WriteLedger}); a refused one is recorded as not
     * applied, so a refused version that shows up anywhere is a violation.
     */
    private static final class Writer extends PartitionDrillWriter {
        private final HazelcastInstance member;
        private final IMap<String, GenericRecord> map;
        private final WriteLedger ledger;
        private final NodeVersions versions;
        private final List<String> keys;
        private final List<String> fresh;
        private final AtomicBoolean split;

        Writer(HazelcastInstance member, String map, WriteLedger ledger, NodeVersions versions, List<String> keys,
               List<String> fresh, AtomicBoolean split) {
            super("partition writer of " + keys.size() + " keys on " + member.getName());
            this.member = member;
            this.map = member.getMap(map);
            this.ledger = ledger;
            this.versions = versions;
            this.keys = keys;
            this.fresh = fresh;
            this.split = split;
        }

        @Override
        public void run() {
            List<String> uncertain = new ArrayList<>();
            for (int version = 1; !finished(); version++) {
                List<String> round = new ArrayList<>(keys);
                if (split.get()) {
                    round.addAll(fresh);
                }
                round.removeAll(uncertain);
                for (String key : round) {
                    // Alone, the member cannot have heard from a majority of 3 recently: it must refuse.
                    boolean alone = member.getCluster().getMembers().size() == 1;
                    try {
                        map.set(key, versions.record(key, version));
                        ledger.acknowledged(key, version, false);
                        countAcknowledged(split.get(), alone);
                    } catch (SplitBrainProtectionException e) {
                        refused.incrementAndGet();
                    } catch (RuntimeException e) {
                        ledger.unknown(key, version, false);
                        unknown.incrementAndGet();
                        uncertain.add(key);
                    }
                }
            }
        }
    }
}
