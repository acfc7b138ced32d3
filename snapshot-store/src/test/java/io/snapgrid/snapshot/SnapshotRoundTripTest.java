package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.ParquetFiles;
import io.snapgrid.snapshot.impl.RowSchema;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import io.snapgrid.snapshot.impl.StorageInputFile;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotRoundTripTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path root;

    @Test
    void generatedNodesComeBackAsWrittenFromSeveralMeasuredFiles() throws Exception {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root);
        Map<String, GenericData.Record> nodes = Inventory.nodes(3000);
        SnapshotFormat smallFiles = SnapshotFormat.defaults().withTargetFileBytes(100_000).withRowGroupBytes(50_000);
        SnapshotManifest manifest;
        try (PendingSnapshot snapshot = new SnapshotWriter(storage, smallFiles)
                .beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            long revision = 1;
            for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                snapshot.add(SnapshotRow.upsert(node.getKey(), revision++, Inventory.COMMIT_TIME, node.getValue()));
            }
            manifest = snapshot.commit();
        }

        assertEquals(1, manifest.id());
        assertNull(manifest.parentId());
        assertEquals(SnapshotKind.FULL, manifest.kind());
        assertEquals(nodes.size(), manifest.rowCount());
        assertTrue(manifest.files().size() > 2, "expected several data files, got " + manifest.files());
        for (SnapshotFile file : manifest.files()) {
            byte[] bytes = Files.readAllBytes(root.resolve(file.path()));
            assertEquals(bytes.length, file.byteSize(), file.path());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), file.sha256());
        }
        assertEquals(manifest, new SnapshotCatalog(storage).manifest(MAP, 1));

        VerifiedChain chain = new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
        Map<String, ObjectNode> read = new HashMap<>();
        long count = new SnapshotReader(storage).read(chain, row -> {
            assertEquals(SnapshotOp.UPSERT, row.op());
            assertEquals(Inventory.COMMIT_TIME, row.commitTime());
            read.put(row.key(), Inventory.json(Inventory.NODE, row.value()));
        });
        assertEquals(nodes.size(), count);
        Map<String, ObjectNode> expected = new HashMap<>();
        nodes.forEach((xname, node) -> expected.put(xname, Inventory.json(Inventory.NODE, node)));
        assertEquals(expected, read);
    }

    @ParameterizedTest
    @EnumSource(SnapshotFormat.Compression.class)
    void everyCompressionReadsBack(SnapshotFormat.Compression compression) throws IOException {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root);
        Map<String, GenericData.Record> nodes = Inventory.nodes(300);
        try (PendingSnapshot snapshot = new SnapshotWriter(storage, SnapshotFormat.defaults()
                .withCompression(compression)).beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                snapshot.add(SnapshotRow.upsert(node.getKey(), 1, Inventory.COMMIT_TIME, node.getValue()));
            }
            snapshot.commit();
        }
        Map<String, ObjectNode> read = new HashMap<>();
        new SnapshotReader(storage).read(new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow(),
                row -> read.put(row.key(), Inventory.json(Inventory.NODE, row.value())));
        assertEquals(nodes.size(), read.size());
        nodes.forEach((xname, node) -> assertEquals(Inventory.json(Inventory.NODE, node), read.get(xname)));
    }

    @Test
    void parquetAvroReadsTheMetaColumnsAndTheValueOfEveryRow() throws IOException {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root);
        Map<String, GenericData.Record> components = Inventory.components(50);
        SnapshotManifest manifest;
        Map<String, Long> revisions = new HashMap<>();
        try (PendingSnapshot snapshot = new SnapshotWriter(storage)
                .beginDelta("inventory.components", Inventory.COMPONENT.avroSchema())) {
            for (Map.Entry<String, GenericData.Record> component : components.entrySet()) {
                revisions.put(component.getKey(), 100L + revisions.size());
                snapshot.add(SnapshotRow.upsert(component.getKey(), revisions.get(component.getKey()),
                        Inventory.COMMIT_TIME, component.getValue()));
            }
            snapshot.add(SnapshotRow.delete("gone", 7, Inventory.COMMIT_TIME));
            manifest = snapshot.commit();
        }
        SnapshotFile file = manifest.files().get(0);
        assertTrue(file.path().startsWith(SnapshotLayout.dataPrefix("inventory.components")), file.path());
        Set<String> keys = new HashSet<>();
        try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(
                new StorageInputFile(storage, file.path(), file.byteSize()),
                RowSchema.of(Inventory.COMPONENT.avroSchema()).schema())) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                SnapshotRow row = RowSchema.toRow(record);
                keys.add(row.key());
                if (row.op() == SnapshotOp.DELETE) {
                    assertEquals(List.of("gone", 7L), List.of(row.key(), row.revision()));
                    assertNull(row.value());
                } else {
                    assertEquals(revisions.get(row.key()), row.revision());
                    assertEquals(Inventory.json(Inventory.COMPONENT, components.get(row.key())),
                            Inventory.json(Inventory.COMPONENT, row.value()));
                }
            }
        }
        assertEquals(components.size() + 1, keys.size());
    }
}
