package io.snapgrid.snapshot.mapstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.RetentionPolicy;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotCompaction;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotRetention;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.StoredFile;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader compacts and trims the store while members restore (the control service does not wait for them): a
 * member whose planned chain loses its files to retention plans again and loads the newer chain, which holds the
 * same rows.
 */
class RestoreDuringRetentionTest {

    private static final String MAP = "stats.race";

    @TempDir
    Path dir;

    /** Every open of a data file, from the planning verifier's first to the reader's last, in turn. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aRestoreWhosePlannedChainIsRemovedLoadsTheNewerOne(int triggeringOpen) throws IOException {
        FileSystemSnapshotStorage files = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        Map<String, ObjectNode> expected = writeThreeDeltas(files);
        RetentionAtOpen storage = new RetentionAtOpen(files, triggeringOpen);
        MapStoreTesting.RecordingEvents events = new MapStoreTesting.RecordingEvents();
        try (SnapshotMapStores stores = MapStoreTesting.open(storage, dir.resolve("logs"), events)) {
            MapRestore restore = stores.restoreOf(MapStoreTesting.durableMap(MAP).orElseThrow());
            List<Object> keys = new ArrayList<>();
            restore.keys().forEach(keys::add);
            Map<String, ObjectNode> loaded = new TreeMap<>();
            restore.values(keys).forEach((key, value) -> loaded.put((String) key,
                    Inventory.NODE.toJson((com.hazelcast.nio.serialization.genericrecord.GenericRecord) value)));
            assertEquals(expected, loaded);
        }
        assertTrue(storage.opens.get() < triggeringOpen || storage.retained,
                "retention ran at open " + triggeringOpen + " of " + storage.opens.get());
    }

    @Test
    void aMemberLoadsEveryEntryWhileRetentionRemovesTheChainItPlanned() throws IOException {
        FileSystemSnapshotStorage files = new FileSystemSnapshotStorage(dir.resolve("snapshots"));
        Map<String, ObjectNode> expected = writeThreeDeltas(files);
        RetentionAtOpen storage = new RetentionAtOpen(files, 4);
        MapStoreTesting.RecordingEvents events = new MapStoreTesting.RecordingEvents();
        try (SnapshotMapStores stores = MapStoreTesting.open(storage, dir.resolve("logs"), events)) {
            HazelcastInstance member = MapStoreTesting.member(stores);
            try {
                IMap<String, com.hazelcast.nio.serialization.genericrecord.GenericRecord> map = member.getMap(MAP);
                Map<String, ObjectNode> loaded = new TreeMap<>();
                map.forEach((key, value) -> loaded.put(key, Inventory.NODE.toJson(value)));
                assertEquals(expected, loaded);
            } finally {
                member.shutdown();
            }
        }
        assertTrue(storage.retained, "retention ran while the member loaded");
        assertEquals(List.of(SnapshotKind.FULL), new SnapshotCatalog(files).manifests(MAP).stream()
                .map(manifest -> manifest.kind()).toList(), "the member loaded from the compacted full snapshot");
    }

    /** Nodes 0-99 Ready, then 50-149 Off, then 0-9 deleted: three deltas and no full snapshot yet. */
    private static Map<String, ObjectNode> writeThreeDeltas(SnapshotStorage storage) throws IOException {
        List<Map.Entry<String, GenericData.Record>> nodes = new ArrayList<>(Inventory.nodes(150).entrySet());
        Map<String, ObjectNode> expected = new TreeMap<>();
        long revision = 1;
        List<SnapshotRow> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(upsert(nodes.get(i), "Ready", revision++, expected));
        }
        List<SnapshotRow> second = new ArrayList<>();
        for (int i = 50; i < 150; i++) {
            second.add(upsert(nodes.get(i), "Off", revision++, expected));
        }
        List<SnapshotRow> third = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            third.add(SnapshotRow.delete(nodes.get(i).getKey(), revision++, Instant.EPOCH));
            expected.remove(nodes.get(i).getKey());
        }
        for (List<SnapshotRow> rows : List.of(first, second, third)) {
            try (PendingSnapshot delta = new SnapshotWriter(storage).beginDelta(MAP, Inventory.NODE.avroSchema())) {
                for (SnapshotRow row : rows) {
                    delta.add(row);
                }
                delta.commit();
            }
        }
        return expected;
    }

    private static SnapshotRow upsert(Map.Entry<String, GenericData.Record> node, String state, long revision,
                                      Map<String, ObjectNode> expected) {
        GenericData.Record value = GenericData.get().deepCopy(Inventory.NODE.avroSchema(), node.getValue());
        value.put("state", new GenericData.EnumSymbol(Inventory.NODE.avroSchema().getField("state").schema(), state));
        expected.put(node.getKey(), Inventory.NODE.toJson(value));
        return SnapshotRow.upsert(node.getKey(), revision, Instant.EPOCH.plusSeconds(revision), value);
    }

    /**
     * The file-system storage, except that the n-th open of a data file first does what the leader's
     * snapshot-coordination duty does at any moment: compacts the map and applies retention (keep one full).
     */
    private static final class RetentionAtOpen implements SnapshotStorage {

        private final SnapshotStorage files;
        private final int triggeringOpen;
        final AtomicInteger opens = new AtomicInteger();
        volatile boolean retained;

        RetentionAtOpen(SnapshotStorage files, int triggeringOpen) {
            this.files = files;
            this.triggeringOpen = triggeringOpen;
        }

        @Override
        public SeekableByteChannel open(String path) throws IOException {
            if (path.contains("/data/") && opens.incrementAndGet() == triggeringOpen) {
                try {
                    new SnapshotCompaction(files).compact(MAP);
                    new SnapshotRetention(files, new RetentionPolicy(1, Duration.ZERO)).apply(MAP);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                retained = true;
            }
            return files.open(path);
        }

        @Override
        public io.snapgrid.snapshot.PendingFile create(String path) throws IOException {
            return files.create(path);
        }

        @Override
        public long size(String path) throws IOException {
            return files.size(path);
        }

        @Override
        public List<StoredFile> list(String prefix) throws IOException {
            return files.list(prefix);
        }

        @Override
        public void delete(String path) throws IOException {
            files.delete(path);
        }
    }
}
