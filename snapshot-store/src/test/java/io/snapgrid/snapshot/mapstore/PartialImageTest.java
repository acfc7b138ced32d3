package io.snapgrid.snapshot.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A member's restore image holds the rows of the partitions it owns; a key of another member's partition (as after
 * a migration) is still loaded, with the stored value.
 */
class PartialImageTest {

    private static final String MAP = "inventory.partial";

    @TempDir
    Path dir;

    @Test
    void aKeyOfAPartitionTheMemberDidNotOwnIsStillLoaded() throws IOException, InterruptedException {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        Map<String, GenericRecord> nodes = MapStoreTesting.nodes(200, "Ready");
        try (PendingSnapshot delta = new SnapshotWriter(storage).beginDelta(MAP, Inventory.NODE.avroSchema())) {
            long revision = 1;
            for (Map.Entry<String, GenericRecord> node : nodes.entrySet()) {
                delta.add(SnapshotRow.upsert(node.getKey(), revision++, Instant.EPOCH,
                        Inventory.NODE.toAvro(node.getValue())));
            }
            delta.commit();
        }
        String cluster = "partial-image-" + UUID.randomUUID();
        List<Integer> ports = List.of(MapStoreTesting.freePort(), MapStoreTesting.freePort());
        MapStoreTesting.RecordingEvents events = new MapStoreTesting.RecordingEvents();
        try (SnapshotMapStores first = MapStoreTesting.open(storage, dir.resolve("logs-1"), events);
             SnapshotMapStores second = MapStoreTesting.open(storage, dir.resolve("logs-2"), events)) {
            HazelcastInstance one = MapStoreTesting.member(first, cluster, ports.get(0), ports);
            HazelcastInstance two = MapStoreTesting.member(second, cluster, ports.get(1), ports);
            try {
                awaitMigrationsDone(one, two);
                first.memberStarted(one);
                String owned = keyOwnedBy(one, nodes);
                List<String> foreign = keysOwnedBy(two, nodes).subList(0, 2);
                MapRestore restore = first.restoreOf(MapStoreTesting.durableMap(MAP).orElseThrow());

                Map<Object, Object> ownedValue = restore.values(List.of(owned));
                assertEquals(Inventory.NODE.toJson(nodes.get(owned)),
                        Inventory.NODE.toJson((GenericRecord) ownedValue.get(owned)));
                assertEquals(1, events.restorePasses(MAP), "one pass builds the image");
                for (String key : foreign) {
                    Map<Object, Object> foreignValue = restore.values(List.of(key));
                    assertNotNull(foreignValue.get(key), "a key outside the image's partitions was not loaded");
                    assertEquals(Inventory.NODE.toJson(nodes.get(key)),
                            Inventory.NODE.toJson((GenericRecord) foreignValue.get(key)));
                }
                assertEquals(2, events.restorePasses(MAP),
                        "the first foreign key rebuilds the image with every row, once; the second is found in it");
            } finally {
                two.shutdown();
                one.shutdown();
            }
        }
    }

    /**
     * Until the second member's partitions have migrated to it, the first owns nearly every key; CI once found the
     * second owning fewer than two of 200 right after it joined.
     */
    private static void awaitMigrationsDone(HazelcastInstance... members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Arrays.stream(members).allMatch(member -> member.getPartitionService().isClusterSafe())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partition migrations still running after 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static String keyOwnedBy(HazelcastInstance member, Map<String, GenericRecord> nodes) {
        return keysOwnedBy(member, nodes).get(0);
    }

    private static List<String> keysOwnedBy(HazelcastInstance member, Map<String, GenericRecord> nodes) {
        List<String> owned = nodes.keySet().stream()
                .filter(key -> member.getCluster().getLocalMember()
                        .equals(member.getPartitionService().getPartition(key).getOwner()))
                .toList();
        if (owned.size() < 2) {
            throw new AssertionError("fewer than 2 of " + nodes.size() + " keys owned by " + member);
        }
        return owned;
    }
}
