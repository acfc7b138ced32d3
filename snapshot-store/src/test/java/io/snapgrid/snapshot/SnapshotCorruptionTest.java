package io.snapgrid.snapshot;

import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damage to any file of a snapshot chain is found, named, and stops restore. */
class SnapshotCorruptionTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path root;

    private FileSystemSnapshotStorage storage;
    private SnapshotVerifier verifier;
    private final Map<String, GenericData.Record> nodes = Inventory.nodes(600);
    private final List<SnapshotManifest> chain = new ArrayList<>();

    @BeforeEach
    void writeAFullAndTwoDeltas() throws IOException {
        storage = new FileSystemSnapshotStorage(root);
        verifier = new SnapshotVerifier(storage);
        SnapshotWriter writer = new SnapshotWriter(storage, SnapshotFormat.defaults().withTargetFileBytes(40_000)
                .withRowGroupBytes(20_000).withSortRunBytes(20_000));
        List<Map.Entry<String, GenericData.Record>> entries = new ArrayList<>(nodes.entrySet());
        try (PendingSnapshot full = writer.beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            for (Map.Entry<String, GenericData.Record> node : entries) {
                full.add(SnapshotRow.upsert(node.getKey(), 1, Inventory.COMMIT_TIME, node.getValue()));
            }
            chain.add(full.commit());
        }
        for (int delta = 0; delta < 2; delta++) {
            try (PendingSnapshot snapshot = writer.beginDelta(MAP, Inventory.NODE.avroSchema())) {
                for (Map.Entry<String, GenericData.Record> node : entries.subList(delta * 100, delta * 100 + 100)) {
                    snapshot.add(SnapshotRow.upsert(node.getKey(), 2 + delta, Inventory.COMMIT_TIME, node.getValue()));
                }
                chain.add(snapshot.commit());
            }
        }
        assertTrue(chain.get(0).files().size() > 1, "the full snapshot should span several files");
        assertEquals(3, verifier.verifyLatest(MAP).orElseThrow().manifests().size());
    }

    @Test
    void aFlippedByteIsAChecksumMismatchOfThatFile() throws IOException {
        SnapshotFile file = chain.get(0).files().get(1);
        flipByte(file, file.byteSize() / 2);
        assertProblems(List.of(new Expected(file.path(), Kind.CHECKSUM_MISMATCH)));
    }

    @Test
    void aTruncatedFileHasTheWrongSizeAndChecksumAndNoFooter() throws IOException {
        SnapshotFile file = chain.get(1).files().get(0);
        try (RandomAccessFile data = new RandomAccessFile(root.resolve(file.path()).toFile(), "rw")) {
            data.setLength(file.byteSize() - 10);
        }
        assertProblems(List.of(new Expected(file.path(), Kind.SIZE_MISMATCH),
                new Expected(file.path(), Kind.CHECKSUM_MISMATCH), new Expected(file.path(), Kind.UNREADABLE_FILE)));
    }

    @Test
    void aDeletedDataFileIsMissing() throws IOException {
        SnapshotFile file = chain.get(2).files().get(0);
        Files.delete(root.resolve(file.path()));
        assertProblems(List.of(new Expected(file.path(), Kind.MISSING_FILE)));
    }

    @Test
    void aDeletedDeltaManifestIsAGapInTheChain() throws IOException {
        storage.delete(SnapshotLayout.manifestPath(MAP, 2));
        assertProblems(List.of(new Expected(SnapshotLayout.manifestPath(MAP, 2), Kind.MISSING_MANIFEST)));
    }

    @Test
    void withTheFullManifestDeletedThereIsNothingToRestoreFrom() throws IOException {
        storage.delete(SnapshotLayout.manifestPath(MAP, 1));
        SnapshotVerificationException e = assertProblems(List.of(
                new Expected(SnapshotLayout.manifestsPrefix(MAP), Kind.NO_FULL_SNAPSHOT)));
        assertTrue(e.getMessage().contains(SnapshotLayout.manifestPath(MAP, 1)), e.getMessage());
    }

    @Test
    void aDamagedManifestIsUnreadable() throws IOException {
        Path manifest = root.resolve(SnapshotLayout.manifestPath(MAP, 3));
        Files.writeString(manifest, Files.readString(manifest).replace("\"rows\"", "\"rowz\""));
        SnapshotVerificationException e = assertProblems(List.of(
                new Expected(SnapshotLayout.manifestPath(MAP, 3), Kind.UNREADABLE_MANIFEST)));
        assertTrue(e.getMessage().contains("files[0].rows"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Files.delete(root.resolve(chain.get(2).files().get(0).path()));
        storage.delete(SnapshotLayout.manifestPath(MAP, 2));
        assertProblems(List.of(new Expected(SnapshotLayout.manifestPath(MAP, 2), Kind.MISSING_MANIFEST),
                new Expected(chain.get(2).files().get(0).path(), Kind.MISSING_FILE)));
    }

    @Test
    void aFileDamagedAfterVerificationStopsTheReader() throws IOException {
        VerifiedChain verified = verifier.verifyLatest(MAP).orElseThrow();
        SnapshotFile file = chain.get(0).files().get(0);
        try (RandomAccessFile data = new RandomAccessFile(root.resolve(file.path()).toFile(), "rw")) {
            data.setLength(file.byteSize() / 2);
        }
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> new SnapshotReader(storage).read(verified, row -> { }));
        assertEquals(file.path(), e.path());
    }

    @Test
    void aByteFlippedAfterVerificationStopsTheReader() throws IOException {
        VerifiedChain verified = verifier.verifyLatest(MAP).orElseThrow();
        SnapshotFile file = chain.get(1).files().get(0);
        flipByte(file, file.byteSize() / 3);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> new SnapshotReader(storage).read(verified, row -> { }));
        assertEquals(file.path(), e.path());
    }

    @Test
    void aWriterThatDiesBeforeItsManifestLeavesNoSnapshot() throws IOException {
        FileSystemSnapshotStorage fresh = new FileSystemSnapshotStorage(root.resolve("fresh"));
        abandonAfterWritingFiles(fresh);
        assertTrue(fresh.list(SnapshotLayout.dataPrefix(MAP)).size() > 1, "data files were published");
        assertEquals(List.of(), new SnapshotCatalog(fresh).ids(MAP));
        assertTrue(new SnapshotVerifier(fresh).verifyLatest(MAP).isEmpty());

        abandonAfterWritingFiles(storage);
        assertEquals(chain, verifier.verifyLatest(MAP).orElseThrow().manifests());
    }

    @Test
    void theManifestIsPublishedAfterEveryDataFile() throws IOException {
        RecordingStorage recording = new RecordingStorage(new FileSystemSnapshotStorage(root.resolve("recorded")));
        SnapshotManifest manifest;
        try (PendingSnapshot snapshot = new SnapshotWriter(recording, SnapshotFormat.defaults()
                .withTargetFileBytes(40_000).withRowGroupBytes(20_000)).beginFull(MAP, Inventory.NODE.avroSchema(),
                null)) {
            for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                snapshot.add(SnapshotRow.upsert(node.getKey(), 1, Inventory.COMMIT_TIME, node.getValue()));
            }
            manifest = snapshot.commit();
        }
        List<String> expected = new ArrayList<>(manifest.files().stream().map(SnapshotFile::path).toList());
        expected.add(SnapshotLayout.manifestPath(MAP, manifest.id()));
        assertEquals(expected, recording.published());
    }

    private void abandonAfterWritingFiles(SnapshotStorage target) throws IOException {
        PendingSnapshot abandoned = new SnapshotWriter(target, SnapshotFormat.defaults().withTargetFileBytes(40_000)
                .withRowGroupBytes(20_000).withSortRunBytes(20_000)).beginDelta(MAP, Inventory.NODE.avroSchema());
        for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
            abandoned.add(SnapshotRow.upsert(node.getKey(), 9, Inventory.COMMIT_TIME, node.getValue()));
        }
        // The process dies here: neither commit nor close runs.
    }

    private void flipByte(SnapshotFile file, long position) throws IOException {
        try (RandomAccessFile data = new RandomAccessFile(root.resolve(file.path()).toFile(), "rw")) {
            data.seek(position);
            int original = data.read();
            data.seek(position);
            data.write(original ^ 0x01);
        }
    }

    private record Expected(String path, Kind kind) {
    }

    private SnapshotVerificationException assertProblems(List<Expected> expected) {
        SnapshotVerificationException e = assertThrows(SnapshotVerificationException.class,
                () -> verifier.verifyLatest(MAP));
        assertEquals(expected, e.report().problems().stream()
                .map(problem -> new Expected(problem.path(), problem.kind())).toList(), e.getMessage());
        for (Expected problem : expected) {
            assertTrue(e.getMessage().contains(problem.path()), e.getMessage());
        }
        return e;
    }
}
