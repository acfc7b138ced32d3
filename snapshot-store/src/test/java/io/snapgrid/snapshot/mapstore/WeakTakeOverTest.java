package io.snapgrid.snapshot.mapstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.mapstore.writebehind.WriteBehindStore;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.spi.impl.NodeEngineImpl;
import io.snapgrid.snapshot.ForwardingStorage;
import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A weak map's owner dies before storing its last changes, and the promoted backup's write-behind queue no longer
 * holds them: Hazelcast drops a backup's queued change a fixed delay after it was due, whether the owner stored it
 * or not (hazelcast#5757), and a coalesced change keeps the due time of the first change queued for its key, so a
 * change made just before the owner died can be dropped at once. Seen in SingleMemberCrashIT: a delete acknowledged
 * 0.7 s before the SIGKILL never reached the store, and the restart brought the older value back. Here the owner's
 * store fails from the moment the changes are made, so that the backup has certainly dropped them before the owner
 * is terminated. The member that takes the partitions over must store what memory holds of them, deletes included.
 */
@Tag("cluster")
class WeakTakeOverTest {

    private static final String MAP = "stats.taken-over";

    @TempDir
    Path dir;

    @Test
    void changesTheDepartedOwnerNeverStoredAreStoredByTheMemberThatTakesOver() throws Exception {
        SnapshotStorage files = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        AtomicBoolean ownerStoreFails = new AtomicBoolean();
        SnapshotStorage ownersFiles = new ForwardingStorage(files) {
            @Override
            public PendingFile create(String path) throws IOException {
                if (ownerStoreFails.get()) {
                    throw new IOException("the owner's store is failing (test)");
                }
                return super.create(path);
            }
        };
        MapStoreTesting.RecordingEvents events = new MapStoreTesting.RecordingEvents();
        String cluster = "weak-take-over-" + UUID.randomUUID();
        List<Integer> ports = List.of(MapStoreTesting.freePort(), MapStoreTesting.freePort());
        List<HazelcastInstance> members = new ArrayList<>();
        try (SnapshotMapStores ownerStores = MapStoreTesting.open(ownersFiles, dir.resolve("owner-log"), events);
             SnapshotMapStores heirStores = MapStoreTesting.open(files, dir.resolve("heir-log"), events)) {
            HazelcastInstance owner = start(ownerStores, cluster, ports.get(0), ports, members);
            HazelcastInstance heir = start(heirStores, cluster, ports.get(1), ports, members);
            await("two members, cluster safe").atMost(Duration.ofMinutes(2)).until(() -> owner.getCluster().getMembers().size() == 2
                    && owner.getPartitionService().isClusterSafe());
            IMap<String, GenericRecord> map = owner.getMap(MAP);
            heir.getMap(MAP);

            Map<String, GenericRecord> ready = new TreeMap<>();
            MapStoreTesting.nodes(60, "Ready").forEach((key, value) -> {
                if (owner.getPartitionService().getPartition(key).getOwner().localMember()) {
                    ready.put(key, value);
                }
            });
            map.putAll(ready);
            await("the owner stored the first values").atMost(Duration.ofMinutes(1))
                    .until(() -> MapStoreTesting.restored(files, MAP).equals(MapStoreTesting.json(ready)));

            ownerStoreFails.set(true);
            List<String> keys = new ArrayList<>(ready.keySet());
            String deleted = keys.get(0);
            String updated = keys.get(1);
            GenericRecord halted = MapStoreTesting.nodes(60, "Halt").get(updated);
            map.delete(deleted);
            map.set(updated, halted);
            await("the backup dropped its copies of the queued changes").atMost(Duration.ofMinutes(1))
                    .until(() -> queuedChanges(heir) == 0);
            assertEquals(MapStoreTesting.json(ready), MapStoreTesting.restored(files, MAP),
                    "neither change should be stored before the owner goes");

            owner.getLifecycleService().terminate();
            Map<String, GenericRecord> expected = new TreeMap<>(ready);
            expected.remove(deleted);
            expected.put(updated, halted);
            Map<String, ObjectNode> expectedJson = MapStoreTesting.json(expected);
            try {
                await("the member that took over stored the changes").atMost(Duration.ofMinutes(1))
                        .until(() -> heir.getCluster().getMembers().size() == 1 && !heirStores.takeOverPending()
                                && MapStoreTesting.restored(files, MAP).equals(expectedJson));
            } catch (ConditionTimeoutException e) {
                Map<String, ObjectNode> stored = MapStoreTesting.restored(files, MAP);
                throw new AssertionError("stored " + deleted + ": " + stored.get(deleted) + ", " + updated + ": "
                        + stored.get(updated) + "; take-overs " + events.takeOvers + ", pending: "
                        + heirStores.takeOverPending() + "; store events: " + events.all(), e);
            }
        } finally {
            members.forEach(member -> member.getLifecycleService().terminate());
        }
    }

    /** A terminated member's threads may throw on their way out; that is no failure of the condition awaited. */
    private static ConditionFactory await(String alias) {
        return Awaitility.await(alias).dontCatchUncaughtExceptions();
    }

    private static HazelcastInstance start(SnapshotMapStores stores, String cluster, int port, List<Integer> ports,
                                           List<HazelcastInstance> members) {
        Config config = MapStoreTesting.config(stores, cluster, port, ports);
        config.getMapConfig("stats.*").setBackupCount(1);
        // Hazelcast's default is 10 s; shorter only so that the backup drops its copies sooner.
        config.setProperty("hazelcast.map.replica.scheduled.task.delay.seconds", "1");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    /** The changes of the map queued for the store on this member, in the partitions it owns and those it backs up. */
    private static int queuedChanges(HazelcastInstance member) {
        NodeEngineImpl engine = ((HazelcastInstanceProxy) member).getOriginal().node.getNodeEngine();
        MapService service = engine.getService(MapService.SERVICE_NAME);
        int queued = 0;
        for (int partition = 0; partition < engine.getPartitionService().getPartitionCount(); partition++) {
            RecordStore<?> store = service.getMapServiceContext().getExistingRecordStore(partition, MAP);
            if (store != null) {
                queued += ((WriteBehindStore) store.getMapDataStore()).getWriteBehindQueue().size();
            }
        }
        return queued;
    }
}
