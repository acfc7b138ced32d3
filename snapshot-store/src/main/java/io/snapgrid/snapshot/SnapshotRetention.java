package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.SnapshotLayout;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
 * <p>With {@link RetentionPolicy#historyRetain()}, a removed snapshot that history still needs keeps its files: its
 * manifest moves to the map's history manifests ({@code map=<map>/history/}), which no restore or chain check reads,
 * and goes from there once the retained window has passed it.
 *
 * <p>Thread-safe, but meant to run on one member at a time (the control service's leader). Snapshots written
 * meanwhile are safe: they only add ids above the kept range and files that either a manifest names or are young.
 */
public final class SnapshotRetention {

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final RetentionEvents events;

    public SnapshotRetention(SnapshotStorage storage, RetentionPolicy policy, Clock clock, RetentionEvents events) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
        this.policy = policy;
        this.clock = clock;
        this.events = events;
    }

    public SnapshotRetention(SnapshotStorage storage, RetentionPolicy policy, Clock clock) {
        this(storage, policy, clock, RetentionEvents.NONE);
    }

    public SnapshotRetention(SnapshotStorage storage, RetentionPolicy policy) {
        this(storage, policy, Clock.systemUTC());
    }

    public RetentionResult apply(String map) throws IOException {
        long start = System.nanoTime();
        RetentionResult result = remove(map);
        events.retained(result, Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    private RetentionResult remove(String map) throws IOException {
        Instant now = clock.instant();
        Map<String, Long> manifestSizes = new TreeMap<>();
        storage.list(SnapshotLayout.mapPrefix(map)).forEach(file -> manifestSizes.put(file.path(), file.size()));
        List<SnapshotManifest> manifests = catalog.manifests(map);
        List<SnapshotManifest> history = catalog.historyManifests(map);
        long keepFrom = firstKept(manifests, now);
        HistoryNeeds needs = historyNeeds(manifests, history, now);
        List<Long> removedIds = new ArrayList<>();
        Set<String> filesOfRemoved = new HashSet<>();
        long bytes = 0;
        for (SnapshotManifest manifest : manifests) {
            if (manifest.id() >= keepFrom) {
                break;
            }
            String path = SnapshotLayout.manifestPath(map, manifest.id());
            if (needs.needs(manifest)) {
                catalog.keepForHistory(manifest);
            } else {
                manifest.files().forEach(file -> filesOfRemoved.add(file.path()));
            }
            storage.delete(path);
            removedIds.add(manifest.id());
            bytes += manifestSizes.getOrDefault(path, 0L);
        }
        for (SnapshotManifest kept : history) {
            if (!needs.needs(kept)) {
                String path = SnapshotLayout.historyPath(map, kept.id());
                storage.delete(path);
                bytes += manifestSizes.getOrDefault(path, 0L);
                kept.files().forEach(file -> filesOfRemoved.add(file.path()));
            }
        }
        // Listed again: a snapshot committed since the first listing names files that must stay.
        Set<String> named = new HashSet<>();
        catalog.manifests(map).forEach(manifest -> manifest.files().forEach(file -> named.add(file.path())));
        catalog.historyManifests(map).forEach(kept -> kept.files().forEach(file -> named.add(file.path())));
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
     * Which snapshots history needs beyond restore: every delta from the one the history's starting state replays
     * first, and that state itself, the newest full snapshot older than the retained window. Deltas hold every
     * change, so the fulls in between are not kept: history costs one full and the changed rows. A map whose
     * snapshots still run from id 1 needs only the snapshots holding rows no other holds.
     */
    private HistoryNeeds historyNeeds(List<SnapshotManifest> manifests, List<SnapshotManifest> history, Instant now) {
        if (policy.historyRetain().isZero()) {
            return manifest -> false;
        }
        Instant windowStart = now.minus(policy.historyRetain());
        TreeMap<Long, SnapshotManifest> all = new TreeMap<>();
        history.forEach(manifest -> all.put(manifest.id(), manifest));
        manifests.forEach(manifest -> all.put(manifest.id(), manifest));
        if (all.isEmpty()) {
            return manifest -> false;
        }
        SnapshotManifest start = null;
        for (SnapshotManifest manifest : all.values()) {
            if (manifest.kind() == SnapshotKind.FULL && !manifest.createdAt().isAfter(windowStart)) {
                start = manifest;
            }
        }
        if (start == null && all.firstKey() > 1) {
            start = all.values().stream().filter(manifest -> manifest.kind() == SnapshotKind.FULL).findFirst()
                    .orElse(null);
        }
        long startId = start == null ? 0 : start.id();
        long firstDelta = start == null ? 1 : start.firstReplayedId();
        return manifest -> manifest.id() == startId
                || manifest.id() >= firstDelta && holdsChangesOfItsOwn(manifest);
    }

    /** A delta, or a full built from no snapshot (a map's first, written whole): no other snapshot holds its rows. */
    private static boolean holdsChangesOfItsOwn(SnapshotManifest manifest) {
        return manifest.kind() == SnapshotKind.DELTA || manifest.baseId() == null;
    }

    private interface HistoryNeeds {
        boolean needs(SnapshotManifest manifest);
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
