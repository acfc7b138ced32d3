package io.snapgrid.snapshot.mapstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.MapStore;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hazelcast may call a store twice, out of order, or on both sides of a migration (docs/architecture.md §6): a replayed
 * batch, deltas committed against the order of their revisions, and a commit log rolled twice all restore as the
 * changes made once, in order.
 */
class IdempotentStoreTest {

    private static final String WEAK = "stats.replayed";
    private static final String STRONG = "inventory.replayed";

    @TempDir
    Path dir;

    @Test
    void aWeakBatchStoredTwiceRestoresAsStoredOnce() throws IOException {
        Map<String, GenericRecord> nodes = MapStoreTesting.nodes(100, "Ready");
        List<Object> deleted = List.of(nodes.keySet().stream().sorted().limit(10).toArray());
        Map<String, ObjectNode> once = storeWeak(dir.resolve("once"), nodes, deleted, 1);
        Map<String, ObjectNode> twice = storeWeak(dir.resolve("twice"), nodes, deleted, 2);

        Map<String, GenericRecord> live = new HashMap<>(nodes);
        deleted.forEach(live::remove);
        assertEquals(MapStoreTesting.json(live), once);
        assertEquals(once, twice);
    }

    @Test
    void deltasCommittedAgainstTheOrderOfTheirRevisionsRestoreTheNewestRows() throws IOException {
        List<Map.Entry<String, GenericData.Record>> nodes = new ArrayList<>(Inventory.nodes(50).entrySet());
        // Revision 10: all Ready. Revision 20: all Off. Revision 30: the first five deleted.
        List<SnapshotRow> older = rows(nodes, 10, "Ready");
        List<SnapshotRow> newer = rows(nodes, 20, "Off");
        List<SnapshotRow> tombstones = nodes.subList(0, 5).stream()
                .map(node -> SnapshotRow.delete(node.getKey(), 30, Instant.EPOCH)).toList();

        SnapshotStorage inOrder = new FileSystemSnapshotStorage(dir.resolve("in-order"));
        for (List<SnapshotRow> delta : List.of(older, newer, tombstones)) {
            commitDelta(inOrder, delta);
        }
        SnapshotStorage reversed = new FileSystemSnapshotStorage(dir.resolve("reversed"));
        for (List<SnapshotRow> delta : List.of(tombstones, newer, older)) {
            commitDelta(reversed, delta);
        }
        SnapshotStorage replayed = new FileSystemSnapshotStorage(dir.resolve("replayed"));
        for (List<SnapshotRow> delta : List.of(newer, tombstones, older, newer, tombstones, older)) {
            commitDelta(replayed, delta);
        }

        Map<String, ObjectNode> expected = MapStoreTesting.restored(inOrder, WEAK);
        assertEquals(45, expected.size());
        assertTrue(expected.values().stream().allMatch(node -> node.path("state").asText().equals("Off")));
        assertEquals(expected, MapStoreTesting.restored(reversed, WEAK));
        assertEquals(expected, MapStoreTesting.restored(replayed, WEAK));
    }

    /** A crash between a roll's delta commit and its segment deletion: the next roll writes the same rows again. */
    @Test
    void aCommitLogRolledTwiceRestoresAsRolledOnce() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        Map<String, GenericRecord> nodes = MapStoreTesting.nodes(100, "Ready");
        Map<String, GenericRecord> live = new HashMap<>(nodes);
        Path copies = Files.createDirectories(dir.resolve("segment-copies"));
        try (SnapshotMapStores stores = MapStoreTesting.open(storage, dir.resolve("logs"),
                new MapStoreTesting.RecordingEvents())) {
            MapStore<Object, Object> strong = store(stores, STRONG);
            strong.storeAll(new HashMap<>(nodes));
            strong.storeAll(new HashMap<>(nodes));                 // the same batch twice
            String first = nodes.keySet().iterator().next();
            strong.delete(first);
            strong.delete(first);
            live.remove(first);
            for (Path segment : segments(stores.logDirectory())) {
                Files.copy(segment, copies.resolve(segment.getFileName()));
            }
            assertEquals(1, stores.rollLog().size());
            Map<String, ObjectNode> rolledOnce = MapStoreTesting.restored(storage, STRONG);
            assertEquals(MapStoreTesting.json(live), rolledOnce);

            for (Path copy : segments(copies)) {                  // the deletion never happened
                Files.copy(copy, stores.logDirectory().resolve(copy.getFileName()));
            }
            assertEquals(1, stores.rollLog().size(), "the same rows rolled again");
            assertEquals(2, new SnapshotCatalog(storage).manifests(STRONG).size());
            assertEquals(rolledOnce, MapStoreTesting.restored(storage, STRONG));
        }
    }

    private static Map<String, ObjectNode> storeWeak(Path root, Map<String, GenericRecord> nodes, List<Object> deleted,
                                                     int times) throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(root.resolve("snapshots"));
        try (SnapshotMapStores stores = MapStoreTesting.open(storage, root.resolve("logs"),
                new MapStoreTesting.RecordingEvents())) {
            MapStore<Object, Object> weak = store(stores, WEAK);
            for (int i = 0; i < times; i++) {
                weak.storeAll(new HashMap<>(nodes));
            }
            for (int i = 0; i < times; i++) {
                weak.deleteAll(deleted);
            }
        }
        return MapStoreTesting.restored(storage, WEAK);
    }

    @SuppressWarnings("unchecked")
    private static MapStore<Object, Object> store(SnapshotMapStores stores, String map) {
        return (MapStore<Object, Object>) stores.newMapStore(map, new Properties());
    }

    private static List<SnapshotRow> rows(List<Map.Entry<String, GenericData.Record>> nodes, long revision,
                                          String state) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (Map.Entry<String, GenericData.Record> node : nodes) {
            GenericData.Record value = GenericData.get().deepCopy(Inventory.NODE.avroSchema(), node.getValue());
            value.put("state", new GenericData.EnumSymbol(Inventory.NODE.avroSchema().getField("state").schema(),
                    state));
            rows.add(SnapshotRow.upsert(node.getKey(), revision, Instant.EPOCH.plusSeconds(revision), value));
        }
        return rows;
    }

    private static void commitDelta(SnapshotStorage storage, List<SnapshotRow> rows) throws IOException {
        try (PendingSnapshot delta = new SnapshotWriter(storage).beginDelta(WEAK, Inventory.NODE.avroSchema())) {
            for (SnapshotRow row : rows) {
                delta.add(row);
            }
            delta.commit();
        }
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }
}
