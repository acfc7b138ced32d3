package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.ManifestJson;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The snapshots of each map, as their manifests in storage tell. Thread-safe. */
public final class SnapshotCatalog {

    /** Each failed attempt means another writer committed a snapshot, so the system as a whole made progress. */
    private static final int MAX_COMMIT_ATTEMPTS = 64;

    private final SnapshotStorage storage;

    public SnapshotCatalog(SnapshotStorage storage) {
        this.storage = storage;
    }

    /**
     * The maps with any file under the root, manifests or data, in name order: a map whose writers all died before
     * committing still has files for retention to collect.
     */
    public List<String> maps() throws IOException {
        Set<String> maps = new TreeSet<>();
        for (StoredFile file : storage.list(SnapshotLayout.MAPS_PREFIX)) {
            SnapshotLayout.mapOf(file.path()).ifPresent(maps::add);
        }
        return List.copyOf(maps);
    }

    /** The ids of the map's snapshots in ascending order, from listing alone. */
    public List<Long> ids(String map) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (StoredFile file : storage.list(SnapshotLayout.manifestsPrefix(map))) {
            SnapshotLayout.manifestId(map, file.path()).ifPresent(ids::add);
        }
        return ids;
    }

    public OptionalLong headId(String map) throws IOException {
        List<Long> ids = ids(map);
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(ids.size() - 1));
    }

    /**
     * @throws SnapshotFileNotFoundException if the snapshot has no manifest
     * @throws SnapshotFormatException       if the manifest cannot be read, or belongs to another map or id
     */
    public SnapshotManifest manifest(String map, long id) throws IOException {
        return readManifest(map, id, SnapshotLayout.manifestPath(map, id));
    }

    private SnapshotManifest readManifest(String map, long id, String path) throws IOException {
        byte[] bytes;
        try (SeekableByteChannel channel = storage.open(path); InputStream in = Channels.newInputStream(channel)) {
            bytes = in.readAllBytes();
        }
        SnapshotManifest manifest = ManifestJson.read(bytes, path);
        if (!manifest.map().equals(map) || manifest.id() != id) {
            throw new SnapshotFormatException(path, "the manifest describes snapshot " + manifest.id() + " of map "
                    + manifest.map(), null);
        }
        return manifest;
    }

    /** Every manifest of the map, in id order. */
    public List<SnapshotManifest> manifests(String map) throws IOException {
        List<SnapshotManifest> manifests = new ArrayList<>();
        for (long id : ids(map)) {
            manifests.add(manifest(map, id));
        }
        return manifests;
    }

    /**
     * The manifests retention moved out of the snapshot sequence because history still needs their rows
     * ({@link RetentionPolicy#historyRetain()}), in id order. They are read like snapshots but never restored.
     */
    public List<SnapshotManifest> historyManifests(String map) throws IOException {
        List<SnapshotManifest> manifests = new ArrayList<>();
        for (StoredFile file : storage.list(SnapshotLayout.historyPrefix(map))) {
            OptionalLong id = SnapshotLayout.historyId(map, file.path());
            if (id.isPresent()) {
                manifests.add(readManifest(map, id.getAsLong(), file.path()));
            }
        }
        return manifests;
    }

    /** Keeps a copy of the manifest for history; a copy that exists already (an earlier, interrupted run) stays. */
    void keepForHistory(SnapshotManifest manifest) throws IOException {
        try (PendingFile pending = storage.create(SnapshotLayout.historyPath(manifest.map(), manifest.id()))) {
            pending.out().write(ManifestJson.write(manifest));
            pending.commit();
        } catch (SnapshotFileExistsException e) {
            // Kept by an earlier run that stopped before removing the snapshot's manifest.
        }
    }

    /**
     * Publishes the manifest of a snapshot whose data files are already published, under the next free id. Manifest
     * paths are create-only, so when another writer takes that id first this one moves on to the next; a delta's
     * rows merge by revision and a full's by its base, so where a snapshot lands in the sequence never changes what
     * a restore sees.
     */
    SnapshotManifest commit(String map, SnapshotKind kind, Long baseId, Schema schema, List<SnapshotFile> files)
            throws IOException {
        for (int attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
            OptionalLong head = headId(map);
            long id = head.orElse(0) + 1;
            SnapshotManifest manifest = new SnapshotManifest(map, id, head.isPresent() ? head.getAsLong() : null,
                    kind, baseId, Instant.now().truncatedTo(ChronoUnit.MILLIS), schema, files);
            try (PendingFile pending = storage.create(SnapshotLayout.manifestPath(map, id))) {
                pending.out().write(ManifestJson.write(manifest));
                pending.commit();
                return manifest;
            } catch (SnapshotFileExistsException e) {
                // Another writer took this id; take the next.
            }
        }
        throw new SnapshotStorageException(SnapshotLayout.manifestsPrefix(map), "no snapshot id could be taken for map "
                + map + " in " + MAX_COMMIT_ATTEMPTS + " attempts: other writers committed each one first");
    }
}
