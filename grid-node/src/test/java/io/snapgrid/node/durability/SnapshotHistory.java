package io.snapgrid.node.durability;

import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.VanishingFiles;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/** A map's snapshots under a root as the test sees them on disk, and copies of the root to damage. */
final class SnapshotHistory {

    private final Path root;
    private final String map;
    private final SnapshotCatalog catalog;

    SnapshotHistory(Path root, String map) {
        this.root = root;
        this.map = map;
        this.catalog = new SnapshotCatalog(new FileSystemSnapshotStorage(root));
    }

    /** As listed now; the node's compaction and retention may delete a listed manifest before it is read. */
    List<SnapshotManifest> manifests() {
        try {
            return VanishingFiles.readAgain(() -> catalog.ids(map).isEmpty() ? List.of() : catalog.manifests(map),
                    VanishingFiles::fileGone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "FULL 2 (base 1)", "DELTA 3", ...: the layout at a glance, for assertions and their messages. */
    List<String> layout() {
        return manifests().stream().map(manifest -> manifest.kind() + " " + manifest.id()
                + (manifest.kind() == SnapshotKind.FULL ? " (base " + manifest.baseId() + ")" : "")).toList();
    }

    /** Waits for the leader to compact: a full snapshot newer than {@code afterId}. */
    SnapshotManifest awaitFullAfter(long afterId) {
        await("a full snapshot of " + map + " after snapshot " + afterId + "; now " + layout())
                .atMost(Duration.ofMinutes(2)).until(() -> manifests().stream()
                        .anyMatch(manifest -> manifest.kind() == SnapshotKind.FULL && manifest.id() > afterId));
        return manifests().stream().filter(manifest -> manifest.kind() == SnapshotKind.FULL).reduce((a, b) -> b)
                .orElseThrow();
    }

    SnapshotManifest manifest(long id) {
        return manifests().stream().filter(manifest -> manifest.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot " + id + " of " + map + ": " + layout()));
    }

    /** The one data file of snapshot {@code id}, by its storage path (as restore names it). */
    static String dataFile(SnapshotManifest manifest) {
        if (manifest.files().size() != 1) {
            throw new AssertionError("snapshot " + manifest.id() + " has " + manifest.files().size() + " data files");
        }
        return manifest.files().get(0).path();
    }

    /** A copy of the whole root, commit logs included, for one kind of damage. */
    Path copyTo(Path copy) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(root.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
