package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.SnapshotLayout;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Removes the snapshots a {@link RetentionPolicy} no longer keeps, then the data files no manifest names.
 *
 * <p>Only a prefix of the id sequence goes: everything older than the oldest snapshot a kept full snapshot needs
 * (its base's successor). Manifests are removed oldest first, so a run that stops half-way leaves a shorter but
 * unbroken sequence, and the newest full snapshot's chain verifies at every step. Data files go only after their
 * manifests, and a file that no manifest names but that was not named by a manifest this run removed (a dead
 * writer's, or a live writer's before its commit) goes only once its writer started longer ago than the policy's
 * orphan grace. What retention removes is gone; everything kept still verifies.
 *
 * <p>Thread-safe, but meant to run on one member at a time (the control service's leader). Snapshots written
 * meanwhile are safe: they only add ids above the kept range and files that either a manifest names or are young.
 */
public final class SnapshotRetention {

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final RetentionPolicy policy;
    private final Clock clock;

    public SnapshotRetention(SnapshotStorage storage, RetentionPolicy policy, Clock clock) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
        this.policy = policy;
        this.clock = clock;
    }

    public SnapshotRetention(SnapshotStorage storage, RetentionPolicy policy) {
        this(storage, policy, Clock.systemUTC());
    }

    public RetentionResult apply(String map) throws IOException {
        Instant now = clock.instant();
        Map<String, Long> manifestSizes = new TreeMap<>();
        storage.list(SnapshotLayout.manifestsPrefix(map)).forEach(file -> manifestSizes.put(file.path(), file.size()));
        List<SnapshotManifest> manifests = catalog.manifests(map);
        long keepFrom = firstKept(manifests, now);
        List<Long> removedIds = new ArrayList<>();
        Set<String> filesOfRemoved = new HashSet<>();
        long bytes = 0;
        for (SnapshotManifest manifest : manifests) {
            if (manifest.id() >= keepFrom) {
                break;
            }
            String path = SnapshotLayout.manifestPath(map, manifest.id());
            storage.delete(path);
            removedIds.add(manifest.id());
            bytes += manifestSizes.getOrDefault(path, 0L);
            manifest.files().forEach(file -> filesOfRemoved.add(file.path()));
        }
        // Listed again: a snapshot committed since the first listing names files that must stay.
        Set<String> named = new HashSet<>();
        catalog.manifests(map).forEach(manifest -> manifest.files().forEach(file -> named.add(file.path())));
        Instant orphanedBefore = now.minus(policy.orphanGrace());
        List<String> removedFiles = new ArrayList<>();
        for (StoredFile file : storage.list(SnapshotLayout.dataPrefix(map))) {
            if (named.contains(file.path())) {
                continue;
            }
            Optional<Instant> writerStart = SnapshotLayout.writerStart(map, file.path());
            boolean orphanPastGrace = writerStart.isPresent() && writerStart.get().isBefore(orphanedBefore);
            if (filesOfRemoved.contains(file.path()) || orphanPastGrace) {
                storage.delete(file.path());
                removedFiles.add(file.path());
                bytes += file.size();
            }
        }
        return new RetentionResult(map, removedIds, removedFiles, bytes);
    }

    /**
     * The oldest snapshot id to keep: the first that restoring from the oldest kept full snapshot replays. A map
     * without a full snapshot keeps everything, since its deltas are all it has.
     */
    private long firstKept(List<SnapshotManifest> manifests, Instant now) {
        Instant youngerThan = now.minus(policy.maxAge());
        long firstKept = Long.MAX_VALUE;
        int fulls = 0;
        for (int index = manifests.size() - 1; index >= 0; index--) {
            SnapshotManifest manifest = manifests.get(index);
            if (manifest.kind() != SnapshotKind.FULL) {
                continue;
            }
            fulls++;
            if (fulls <= policy.keepFull() || manifest.createdAt().isAfter(youngerThan)) {
                firstKept = Math.min(firstKept, manifest.firstReplayedId());
            }
        }
        return fulls == 0 ? 0 : firstKept;
    }
}
