package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.HostFirewall;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network-partition drill as a user reproducing a report would run it: three packaged nodes on 127.0.0.1, .2
 * and .3 ({@code cluster.bind-address}), REST writers of a strong map on both sides of a 2|1 cut that iptables
 * makes on the member ports, the cut held, then healed. The lone node refuses writes with 503 {@code no-majority}
 * and acknowledges none once alone; after the merge every key reads back its last acknowledged value (keys the
 * majority deleted while split stay deleted); after a SIGKILL of the whole cluster, a restarted cluster holds
 * exactly what was read after the merge (docs/durability.md#network-partition).
 */
class NetworkPartitionIT {

    private static final String MAP = "partition.strong";
    private static final int MEMBERS = 3;
    private static final int LONE = 2;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /**
     * Short, so the drill is: the lone node refuses writes half this after the cut and is dropped this after it. Not
     * shorter: on a loaded 2-core machine a forming cluster of packaged nodes has missed 8 s of heartbeats.
     */
    private static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(10);
    /** How long the cut lasts: well past the moment each side dropped the other. */
    private static final Duration HOLD = Duration.ofSeconds(25);
    private static final int KEYS_PER_WRITER = 16;
    private static final int DOOMED_KEYS = 12;

    /** Kept when the test fails: it holds every node's log and the snapshot root. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void noAcknowledgedStrongWriteIsLostOrBroughtBackWhenACutClusterHeals() {
        Path schema = NodeVersions.writeSchema(work.resolve("schemas"));
        List<String> flags = List.of(
                "--snapshots.root=" + work.resolve("snapshots").toAbsolutePath(),
                "--cluster.expected-size=" + MEMBERS,
                "--cluster.failure-detector.heartbeat-interval=" + HEARTBEAT.toSeconds() + "s",
                "--cluster.failure-detector.max-no-heartbeat=" + MAX_NO_HEARTBEAT.toSeconds() + "s",
                "--cluster.hazelcast-properties.hazelcast.merge.first.run.delay.seconds=2",
                "--cluster.hazelcast-properties.hazelcast.merge.next.run.delay.seconds=2",
                // The node-health duty would rewrite the flag of nodes whose heartbeat it finds stale.
                "--control.node-health.warning-after=1d",
                "--control.node-health.alert-after=2d",
                "--storage-classes.partition-strong.match=" + MAP,
                "--storage-classes.partition-strong.durability=strong",
                "--storage-classes.partition-strong.schema=" + schema);
        NodeVersions versions = new NodeVersions();
        WriteLedger ledger = new WriteLedger(MAP);
        Map<String, Integer> merged;
        try (HostFirewall firewall = HostFirewall.open();
             PackagedCluster cluster = PackagedCluster.startOnLoopbacks(work.resolve("run-1"), MEMBERS, flags)) {
            cluster.awaitBackupsInSync(0);
            PackagedNode lone = cluster.node(LONE);
            List<String> doomed = IntStream.range(0, DOOMED_KEYS).mapToObj(i -> "doomed-" + i).toList();
            doomed.forEach(key -> write(cluster.node(0), key, 0, versions, ledger));
            // The lone node's copies of the doomed keys must be older than anything the merge counts as changed
            // while split: a max-no-heartbeat and a heartbeat before the lone node was dropped.
            long seeded = System.currentTimeMillis();

            AtomicBoolean split = new AtomicBoolean();
            List<Writer> writers = cluster.slots().stream().map(slot -> new Writer(cluster.node(slot),
                    slot == LONE, "s" + slot + "-", ledger, versions, split)).toList();
            writers.forEach(Writer::start);
            long cutAfter = seeded + MAX_NO_HEARTBEAT.plus(HEARTBEAT).plusSeconds(1).toMillis();
            await("the writers acknowledged writes before the cut").until(() -> System.currentTimeMillis() > cutAfter
                    && writers.stream().allMatch(writer -> writer.acknowledged.get() > 2));

            List<String> majority = IntStream.range(0, MEMBERS).filter(slot -> slot != LONE)
                    .mapToObj(cluster::memberHost).toList();
            List<Integer> memberPorts = cluster.slots().stream().map(cluster::memberPort).toList();
            CrashDrill.log("cutting " + cluster.memberHost(LONE) + " from " + majority + " on ports " + memberPorts);
            firewall.cut(List.of(cluster.memberHost(LONE)), majority, memberPorts);
            long cut = System.currentTimeMillis();
            split.set(true);
            await("each side dropped the other").until(() -> members(lone) == 1 && members(cluster.node(0)) == 2);
            CrashDrill.log("each side dropped the other");
            doomed.forEach(key -> delete(cluster.node(0), key, ledger));
            await("the cut held and each writer was refused or wrote on").until(() ->
                    System.currentTimeMillis() > cut + HOLD.toMillis() && writers.stream().allMatch(writer ->
                            writer.refusedOrWroteOnWhileSplit()));
            writers.forEach(Writer::finish);

            firewall.heal();
            CrashDrill.log("healed");
            await("the lone node merged into the majority").until(() -> lone.logText().contains("is MERGED"));
            await("the merged cluster is whole and safe").until(() -> cluster.slots().stream().allMatch(slot ->
                    members(cluster.node(slot)) == MEMBERS && cluster.node(slot).http().get("/v1/cluster").json()
                            .path("safe").asBoolean()));
            HazelcastInstance client = cluster.smartClient();
            try {
                merged = versions.restored(client.getMap(MAP));
            } finally {
                client.shutdown();
            }
            writers.forEach(writer -> System.out.println(writer));
            WriteLedger.Verdict verdict = ledger.check(merged, write -> true);
            System.out.println("after the merge: " + verdict);
            assertEquals(List.of(), verdict.violations(), "after the merge: " + verdict);
            for (Writer writer : writers) {
                assertEquals(0, writer.acknowledgedAlone.get(), writer + ": writes acknowledged by a node alone");
                assertTrue(!writer.lone || writer.refused.get() > 0, writer + ": the lone node refused nothing");
            }
            CrashDrill.log("SIGKILL of every node");
            cluster.killAll();
        }
        try (PackagedCluster restarted = PackagedCluster.startOnLoopbacks(work.resolve("run-2"), MEMBERS, flags)) {
            HazelcastInstance client = restarted.smartClient();
            try {
                assertEquals(merged, versions.restored(client.getMap(MAP)),
                        "the store gives back what memory held after the merge");
            } finally {
                client.shutdown();
            }
        }
    }

    private static int members(PackagedNode node) {
        return node.http().get("/v1/cluster").json().path("members").size();
    }

    private static void write(PackagedNode node, String key, int version, NodeVersions versions, WriteLedger ledger) {
        Http.Reply reply = node.http().put(path(key), versions.json(key, version));
        assertTrue(reply.status() == 200 || reply.status() == 201, () -> "PUT " + key + ": " + reply);
        ledger.acknowledged(key, version, false);
    }

    /** Deletes on the majority, retried while it is still taking over the lone node's partitions. */
    private static void delete(PackagedNode node, String key, WriteLedger ledger) {
        await("DELETE " + key + " acknowledged").until(() -> {
            Http.Reply reply = node.http().delete(path(key));
            if (reply.status() == 204) {
                ledger.acknowledged(key, 1, true);
                return true;
            }
            ledger.unknown(key, 1, true);
            return false;
        });
    }

    private static String path(String key) {
        return "/v1/maps/" + MAP + "/entries/" + key;
    }

    /**
     * Rewrites its keys through one node's REST API, one after another, with growing versions until finished. A
     * write refused with 503 {@code no-majority} (and {@code Retry-After}) and {@code "applied": false} is not
     * recorded, so a refused version that shows up anywhere is a violation; any other failure, a refusal with
     * {@code "applied": "unknown"} among them, leaves the write unknown and its key alone from then on (see
     * {@link WriteLedger}).
     */
    private static final class Writer extends PartitionDrillWriter {
        private final PackagedNode node;
        private final boolean lone;
        private final String prefix;
        private final WriteLedger ledger;
        private final NodeVersions versions;
        private final AtomicBoolean split;

        Writer(PackagedNode node, boolean lone, String prefix, WriteLedger ledger, NodeVersions versions,
               AtomicBoolean split) {
            super("partition writer " + prefix);
            this.node = node;
            this.lone = lone;
            this.prefix = prefix;
            this.ledger = ledger;
            this.versions = versions;
            this.split = split;
        }

        @Override
        public void run() {
            List<String> keys = new ArrayList<>(IntStream.range(0, KEYS_PER_WRITER).mapToObj(i -> prefix + i).toList());
            for (int version = 1; !finished() && !keys.isEmpty(); version++) {
                for (String key : List.copyOf(keys)) {
                    try {
                        // Alone, the node cannot have heard from a majority of 3 recently: it must refuse.
                        boolean alone = lone && members(node) == 1;
                        Http.Reply reply = node.http().put(path(key), versions.json(key, version));
                        if (reply.status() == 200 || reply.status() == 201) {
                            ledger.acknowledged(key, version, false);
                            countAcknowledged(split.get(), alone);
                            continue;
                        }
                        if (reply.status() == 503 && reply.retryAfter() != null
                                && reply.json().path("type").asText().endsWith("no-majority")
                                && reply.json().path("applied").isBoolean()
                                && !reply.json().path("applied").booleanValue()) {
                            refused.incrementAndGet();
                            pause();
                            continue;
                        }
                    } catch (RuntimeException noAnswer) {
                        // unknown, as a reply of any other kind
                    }
                    ledger.unknown(key, version, false);
                    unknown.incrementAndGet();
                    keys.remove(key);
                }
            }
        }

        /** Refusals come back at once; unpaced, their loop would take the CPU the nodes need. */
        private static void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "REST writer on " + node.restUrl() + (lone ? " (lone node)" : "") + ": " + counts();
        }
    }
}
