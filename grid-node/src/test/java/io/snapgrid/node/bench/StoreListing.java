package io.snapgrid.node.bench;

import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a snapshot root holds for one map, from two sides: the manifests (via {@link SnapshotCatalog}: full
 * snapshots, deltas, the rows and bytes they name) and the directory itself (every file under {@code map=<name>/},
 * temporary and unreferenced ones included). Safe while members write and the leader compacts and trims: a file
 * removed while it is listed is skipped.
 */
final class StoreListing {

    /**
     * @param files      every file under the map's directory (manifests, data files, temporary files)
     * @param bytes      their total size
     * @param fulls      full snapshots (manifests of kind FULL)
     * @param deltas     delta snapshots
     * @param namedBytes bytes of the data files the manifests name
     * @param orphans    data files no manifest names (a writer that died, or one not committed yet)
     * @param newestFull row count of the newest full snapshot, or -1 if none
     */
    record MapFiles(String map, long files, long bytes, int fulls, int deltas, long namedBytes, long orphans,
                    long newestFull) {
    }

    /** Files and bytes of a plain directory, such as the commit logs. */
    record DirectoryFiles(long files, long bytes) {
    }

    private final Path root;
    private final SnapshotCatalog catalog;

    StoreListing(Path root) {
        this.root = root;
        this.catalog = new SnapshotCatalog(new FileSystemSnapshotStorage(root));
    }

    MapFiles list(String map) {
        for (int attempt = 1; ; attempt++) {
            try {
                return list0(map);
            } catch (SnapshotFileNotFoundException e) {
                // retention removed a manifest between listing and reading it
                if (attempt == 5) {
                    throw new UncheckedIOException(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private MapFiles list0(String map) throws IOException {
        List<SnapshotManifest> manifests = catalog.manifests(map);
        int fulls = 0;
        int deltas = 0;
        long namedBytes = 0;
        long newestFull = -1;
        Set<String> named = new HashSet<>();
        for (SnapshotManifest manifest : manifests) {
            if (manifest.kind() == SnapshotKind.FULL) {
                fulls++;
                newestFull = manifest.rowCount();
            } else {
                deltas++;
            }
            for (SnapshotFile file : manifest.files()) {
                if (named.add(file.path())) {
                    namedBytes += file.byteSize();
                }
            }
        }
        long[] files = {0, 0, 0};
        Path mapDir = root.resolve("map=" + map);
        walk(mapDir, (file, size) -> {
            files[0]++;
            files[1] += size;
            String path = root.relativize(file).toString().replace('\\', '/');
            if (path.endsWith(".parquet") && !named.contains(path)) {
                files[2]++;
            }
        });
        return new MapFiles(map, files[0], files[1], fulls, deltas, namedBytes, files[2], newestFull);
    }

    static DirectoryFiles directory(Path dir) {
        long[] totals = {0, 0};
        walk(dir, (file, size) -> {
            totals[0]++;
            totals[1] += size;
        });
        return new DirectoryFiles(totals[0], totals[1]);
    }

    private interface FileSink {
        void accept(Path file, long size);
    }

    private static void walk(Path dir, FileSink sink) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        sink.accept(file, attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;   // removed while we walked
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
