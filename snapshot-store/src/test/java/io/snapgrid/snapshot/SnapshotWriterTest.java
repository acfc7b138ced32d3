package io.snapgrid.snapshot;

import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotWriterTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path root;

    private FileSystemSnapshotStorage storage;
    private SnapshotWriter writer;
    private final Map<String, GenericData.Record> nodes = Inventory.nodes(200);

    @BeforeEach
    void createWriter() {
        storage = new FileSystemSnapshotStorage(root);
        writer = new SnapshotWriter(storage, SnapshotFormat.defaults().withTargetFileBytes(20_000)
                .withRowGroupBytes(10_000).withSortRunBytes(10_000));
    }

    @Test
    void concurrentWritersTakeConsecutiveIdsThatChainUp() throws Exception {
        writer.beginFull(MAP, Inventory.NODE.avroSchema(), null).commit();
        int threads = 6;
        int commitsEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        try {
            for (int thread = 0; thread < threads; thread++) {
                futures.add(pool.submit((Callable<List<Long>>) () -> {
                    start.await();
                    List<Long> ids = new ArrayList<>();
                    for (int commit = 0; commit < commitsEach; commit++) {
                        try (PendingSnapshot delta = writer.beginDelta(MAP, Inventory.NODE.avroSchema())) {
                            addNodes(delta, 10);
                            ids.add(delta.commit().id());
                        }
                    }
                    return ids;
                }));
            }
            start.countDown();
            List<Long> ids = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                ids.addAll(future.get(120, TimeUnit.SECONDS));
            }
            ids.sort(null);
            assertEquals(LongStream.rangeClosed(2, 1 + threads * commitsEach).boxed().toList(), ids);
        } finally {
            pool.shutdownNow();
        }
        List<SnapshotManifest> manifests = new SnapshotCatalog(storage).manifests(MAP);
        assertTrue(SnapshotVerifier.checkChain(MAP, manifests).ok(), SnapshotVerifier.checkChain(MAP, manifests)
                .toString());
        assertEquals(1 + threads * commitsEach,
                new SnapshotVerifier(storage).verify(MAP, manifests).manifests().size());
    }

    @Test
    void anAbandonedSnapshotRemovesTheFilesItPublished() throws IOException {
        try (PendingSnapshot snapshot = writer.beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            addNodes(snapshot, nodes.size());
            assertTrue(storage.list(SnapshotLayout.dataPrefix(MAP)).size() > 1, "rolled to several files");
        }
        assertEquals(List.of(), storage.list(""));
    }

    @Test
    void anEmptySnapshotHasNoFilesAndNoRows() throws IOException {
        SnapshotManifest manifest = writer.beginFull(MAP, Inventory.NODE.avroSchema(), null).commit();
        assertEquals(List.of(), manifest.files());
        VerifiedChain chain = new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
        assertEquals(0, new SnapshotReader(storage).read(chain, row -> { }));
    }

    @Test
    void aSnapshotIsCommittedOnce() throws IOException {
        PendingSnapshot snapshot = writer.beginDelta(MAP, Inventory.NODE.avroSchema());
        SnapshotManifest manifest = snapshot.commit();
        assertEquals(1, manifest.id());
        assertNull(manifest.parentId());
        assertThrows(IllegalStateException.class, snapshot::commit);
        assertThrows(IllegalStateException.class, () -> addNodes(snapshot, 1));
        snapshot.close();
        assertEquals(List.of(1L), new SnapshotCatalog(storage).ids(MAP));
    }

    @Test
    void aRowOfAnotherSchemaIsRefused() throws IOException {
        try (PendingSnapshot snapshot = writer.beginDelta(MAP, Inventory.NODE.avroSchema())) {
            GenericData.Record component = Inventory.components(1).values().iterator().next();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> snapshot.add(SnapshotRow.upsert("serial", 1, Inventory.COMMIT_TIME, component)));
            assertTrue(e.getMessage().contains("snapgrid.inventory.Component"), e.getMessage());
        }
    }

    @Test
    void aFullSnapshotsBaseMustBeAnEarlierSnapshot() throws IOException {
        try (PendingSnapshot snapshot = writer.beginFull(MAP, Inventory.NODE.avroSchema(), 3L)) {
            assertThrows(IllegalArgumentException.class, snapshot::commit);
        }
        assertEquals(List.of(), storage.list(""));
        assertThrows(IllegalArgumentException.class, () -> writer.beginFull(MAP, Inventory.NODE.avroSchema(), 0L));
    }

    @Test
    void invalidMapNamesAreRefused() {
        for (String map : List.of("", "a/b", "a..b", "x".repeat(129), "ä")) {
            assertThrows(IllegalArgumentException.class, () -> writer.beginDelta(map, Inventory.NODE.avroSchema()),
                    map);
        }
    }

    private void addNodes(PendingSnapshot snapshot, int count) throws IOException {
        long revision = 1;
        for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
            if (revision > count) {
                return;
            }
            snapshot.add(SnapshotRow.upsert(node.getKey(), revision++, Inventory.COMMIT_TIME, node.getValue()));
        }
    }
}
