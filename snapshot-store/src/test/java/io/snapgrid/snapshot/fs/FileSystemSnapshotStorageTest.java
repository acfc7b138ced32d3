package io.snapgrid.snapshot.fs;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.tck.SnapshotStorageTck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class FileSystemSnapshotStorageTest extends SnapshotStorageTck {

    @TempDir
    Path dir;

    @Override
    protected SnapshotStorage newStorage() {
        return new FileSystemSnapshotStorage(dir.resolve("store"));
    }

    @Test
    void aPendingFileIsAHiddenSiblingThatAnAbortRemoves() throws IOException {
        Path root = dir.resolve("store");
        try (PendingFile pending = storage.create("m/part-0")) {
            pending.out().write(new byte[]{1, 2, 3});
            pending.out().flush();
            List<String> names = names(root.resolve("m"));
            assertEquals(1, names.size());
            assertTrue(names.get(0).startsWith(".part-0."), names.toString());
        }
        assertEquals(List.of(), names(root.resolve("m")));
    }

    @Test
    void aCrashedWriterLeavesOnlyAnInvisibleTemporaryFile() throws IOException {
        PendingFile abandoned = storage.create("m/part-0");
        abandoned.out().write(new byte[]{1, 2, 3});
        abandoned.out().flush();
        assertEquals(List.of(), storage.list(""));
        publish("m/part-0", "a new writer takes the path");
        assertEquals(List.of("m/part-0"), storage.list("").stream().map(f -> f.path()).toList());
    }

    @Test
    void aRootThatIsNotADirectoryFailsOnWriteNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("a-regular-file"), "x");
        SnapshotStorage broken = new FileSystemSnapshotStorage(file.resolve("store"));
        SnapshotStorageException e = assertThrows(SnapshotStorageException.class, () -> broken.create("m/part-0"));
        assertEquals("m/part-0", e.path());
        assertTrue(e.getMessage().contains("m/part-0") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aReadOnlyRootFailsOnWriteNamingThePath() throws IOException {
        Path root = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(root), "running as root, whom file permissions do not stop from writing; "
                    + "aRootThatIsNotADirectoryFailsOnWriteNamingThePath covers an unwritable root instead");
            SnapshotStorage readOnly = new FileSystemSnapshotStorage(root);
            SnapshotStorageException e = assertThrows(SnapshotStorageException.class,
                    () -> readOnly.create("m/part-0"));
            assertTrue(e.getMessage().contains("m/part-0") && e.getMessage().contains("AccessDenied"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
