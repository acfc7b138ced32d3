package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import io.snapgrid.node.testing.S3Store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs of a three-member packaged cluster on one snapshot store: a run that crashes, then one that restores. The
 * store is a shared snapshot root ({@link #CrashDrill(Path)}) or an S3 bucket ({@link #inS3}).
 * Durable maps under test: {@code inventory.nodes} (strong, as shipped) and {@code stats.crash}, weak with a short
 * snapshot interval, given by flags with the node schema copied to a file.
 */
final class CrashDrill {

    static final String STRONG = "inventory.nodes";
    static final String WEAK = "stats.crash";
    static final Duration WEAK_INTERVAL = Duration.ofSeconds(2);
    /**
     * What a weak write may wait beyond the interval before its delta is committed: Hazelcast's write-behind worker
     * looks for due entries once a second, and the flush then writes, fsyncs and publishes the delta.
     */
    static final Duration WEAK_SLACK = Duration.ofSeconds(3);
    static final int MEMBERS = 3;

    private final Path work;
    private final List<String> flags = new ArrayList<>();
    private final IntFunction<List<String>> slotFlags;
    private final Map<String, String> environment;

    /** Snapshots and commit logs under one root that every member shares. */
    CrashDrill(Path work) {
        this(work, List.of("--snapshots.root=" + work.resolve("snapshots").toAbsolutePath()), slot -> List.of(),
                Map.of());
    }

    /**
     * Snapshots in S3, and each member's commit log on a volume of its own ({@link #logVolume}) that the node of the
     * same slot takes up again in the next run, as a pod's own volume would be.
     */
    static CrashDrill inS3(Path work, S3Store store) {
        return new CrashDrill(work, store.flags(), slot -> logVolumeFlags(work, slot), S3Store.environment());
    }

    private CrashDrill(Path work, List<String> storeFlags, IntFunction<List<String>> slotFlags,
                       Map<String, String> environment) {
        this.work = work;
        this.slotFlags = slotFlags;
        this.environment = environment;
        flags.addAll(storeFlags);
        Path schema = NodeVersions.writeSchema(work.resolve("schemas"));
        flags.addAll(List.of(
                "--cluster.expected-size=" + MEMBERS,
                // A SIGKILL closes the dead member's sockets, and the survivors drop it within a second of their
                // reconnects being refused, whatever this says; the heartbeat limit only catches frozen members.
                // Loose, because on a loaded 2-core machine a forming cluster missed 8 s of heartbeats and split.
                "--cluster.failure-detector.heartbeat-interval=1s",
                "--cluster.failure-detector.max-no-heartbeat=30s",
                // The node-health duty would rewrite the flag of nodes whose heartbeat it finds stale.
                "--control.node-health.warning-after=1d",
                "--control.node-health.alert-after=2d",
                "--storage-classes.stats-crash.match=" + WEAK,
                "--storage-classes.stats-crash.durability=weak",
                "--storage-classes.stats-crash.backups=1",
                "--storage-classes.stats-crash.snapshot-interval=" + WEAK_INTERVAL.toSeconds() + "s",
                "--storage-classes.stats-crash.schema=" + schema));
    }

    /** Starts a run, with its logs in a directory of its own, and waits until every member is ready. */
    PackagedCluster start(String run) {
        return PackagedCluster.start(work.resolve(run), MEMBERS, flags, slotFlags, environment);
    }

    /**
     * As {@link #start}, with each slot's commit log on a volume of its own ({@link #logVolume}) that outlives its
     * runs, as a pod's volume does, instead of under the shared root. Logs are not rolled during a run, so what a
     * lost volume held is in no delta.
     */
    PackagedCluster startWithLogVolumes(String run) {
        List<String> unrolled = new ArrayList<>(flags);
        unrolled.add("--snapshots.commit-log.roll-interval=1h");
        return PackagedCluster.start(work.resolve(run), MEMBERS, unrolled, slot -> logVolumeFlags(work, slot),
                environment);
    }

    Path logVolume(int slot) {
        return logVolume(work, slot);
    }

    private static Path logVolume(Path work, int slot) {
        return work.resolve("log-volumes").resolve("slot-" + slot).toAbsolutePath();
    }

    private static List<String> logVolumeFlags(Path work, int slot) {
        return List.of("--snapshots.commit-log.root=" + logVolume(work, slot));
    }

    /** What a restored cluster holds of the strong writes in {@code ledger}, all of which it must hold. */
    static WriteLedger.Verdict strongVerdict(PackagedCluster restored, WriteLedger ledger, NodeVersions versions) {
        log("restarted cluster is ready");
        HazelcastInstance client = restored.smartClient();
        try {
            return ledger.check(versions.restored(client.getMap(STRONG)), write -> true);
        } finally {
            client.shutdown();
        }
    }

    /** What a restored cluster holds of a strong and a weak load. */
    record Verdicts(WriteLedger.Verdict strong, WriteLedger.Verdict weak) {
    }

    /**
     * The verdicts on both loads of a restored cluster, the weak one over the writes acknowledged longer than
     * {@link #weakBound()} before {@code killedAt}, printed under {@code drill}.
     */
    static Verdicts strongAndWeakVerdicts(PackagedCluster restored, WriteLedger strong, WriteLedger weak,
                                          NodeVersions versions, long killedAt, String drill) {
        log("restarted cluster is ready");
        long bound = killedAt - weakBound().toMillis();
        HazelcastInstance client = restored.smartClient();
        try {
            Verdicts verdicts = new Verdicts(strong.check(versions.restored(client.getMap(STRONG)), write -> true),
                    weak.check(versions.restored(client.getMap(WEAK)), write -> write.answeredAtMillis() < bound));
            System.out.println(drill + ", strong: " + verdicts.strong());
            System.out.println(drill + ", weak (bound " + weakBound().toMillis() + " ms before the final kill): "
                    + verdicts.weak() + "; " + verdicts.weak().oldestLostBefore(killedAt) + " the final kill");
            return verdicts;
        } finally {
            client.shutdown();
        }
    }

    /** A line in the test's output with the time, to read beside the nodes' logs. */
    static void log(String what) {
        System.out.println(LocalTime.now() + " crash drill: " + what);
    }

    /** A weak write older than this when the cluster died must have been restored. */
    static Duration weakBound() {
        return WEAK_INTERVAL.plus(WEAK_SLACK);
    }

    /**
     * The writers of a load: Java client puts and sets (each member gets the operations of the partitions it owns)
     * and REST requests spread over the nodes.
     */
    static List<EntryWriter> writers(PackagedCluster cluster, HazelcastInstance client, String map,
                                     NodeVersions versions) {
        IMap<String, GenericRecord> imap = client.getMap(map);
        List<PackagedNode> nodes = cluster.slots().stream().map(cluster::node).toList();
        return List.of(
                EntryWriter.clientPut(imap, versions), EntryWriter.clientPut(imap, versions),
                EntryWriter.clientSet(imap, versions), EntryWriter.clientSet(imap, versions),
                new EntryWriter.Rest(map, versions, nodes), new EntryWriter.Rest(map, versions, nodes));
    }
}
