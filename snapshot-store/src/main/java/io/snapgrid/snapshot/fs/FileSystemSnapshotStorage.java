package io.snapgrid.snapshot.fs;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileExistsException;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.StoragePaths;
import io.snapgrid.snapshot.StoredFile;
import io.snapgrid.snapshot.impl.Fsync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link SnapshotStorage} in a directory of a local or shared POSIX filesystem. A file is written to a hidden
 * temporary name beside its final one, fsync'd, then hard-linked to its final name, and the directory is fsync'd:
 * a link, unlike a rename, fails when the name exists, which makes publication create-only even between processes
 * and hosts sharing the volume. The filesystem must therefore support hard links (local filesystems and NFS do).
 * Directories are created on demand and fsync'd into their parents; empty ones are left in place.
 */
public final class FileSystemSnapshotStorage implements SnapshotStorage {

    private final Path root;

    /** Nothing is created until the first write, so a root that cannot be written fails on that write. */
    public FileSystemSnapshotStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public PendingFile create(String path) throws IOException {
        Path target = resolve(path);
        if (Files.exists(target)) {
            throw new SnapshotFileExistsException(path, target.toString());
        }
        try {
            createDirectories(target.getParent());
            Path temp = FileSystemPendingFile.temporarySibling(target);
            return new FileSystemPendingFile(path, target, temp,
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw failure(path, "cannot write", target, e);
        }
    }

    @Override
    public SeekableByteChannel open(String path) throws IOException {
        Path file = resolve(path);
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SnapshotFileNotFoundException(path, file.toString());
        } catch (IOException e) {
            throw failure(path, "cannot read", file, e);
        }
    }

    @Override
    public long size(String path) throws IOException {
        Path file = resolve(path);
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SnapshotFileNotFoundException(path, file.toString());
        } catch (IOException e) {
            throw failure(path, "cannot stat", file, e);
        }
    }

    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        StoragePaths.checkPrefix(prefix);
        // Only the directory holding the prefix's last segment can contain matches.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<StoredFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean visible = dir.equals(start) || !isHidden(dir);
                    return visible ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String path = storagePath(file);
                    if (attrs.isRegularFile() && !isHidden(file) && path.startsWith(prefix)) {
                        files.add(new StoredFile(path, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // A temporary file or empty directory may vanish while we walk.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw failure(prefix, "cannot list", start, e);
        }
        files.sort(Comparator.comparing(StoredFile::path));
        return files;
    }

    @Override
    public void delete(String path) throws IOException {
        Path file = resolve(path);
        try {
            if (Files.deleteIfExists(file)) {
                Fsync.directory(file.getParent());
            }
        } catch (IOException e) {
            throw failure(path, "cannot delete", file, e);
        }
    }

    @Override
    public String toString() {
        return "FileSystemSnapshotStorage[" + root + "]";
    }

    private Path resolve(String path) {
        return root.resolve(StoragePaths.checkPath(path));
    }

    private String storagePath(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    /** Creates what is missing below the root, and the root itself, each made durable in its parent. */
    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return; // created concurrently
            }
            throw e;
        }
        if (parent != null) {
            Fsync.directory(parent);
        }
    }

    static SnapshotStorageException failure(String path, String action, Path file, IOException cause) {
        if (cause instanceof SnapshotStorageException storageException) {
            return storageException;
        }
        String reason = cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new SnapshotStorageException(path, action + " snapshot file " + path + " (" + file + "): " + reason,
                cause);
    }
}
