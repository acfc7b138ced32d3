package io.snapgrid.snapshot;

import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.impl.SnapshotLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * What a map restores from when its latest chain fails verification and fallback is allowed: the newest full
 * snapshot whose files verify, with the snapshots after its base for as long as they link up and their files
 * verify. The walk stops at the first bad snapshot instead of skipping it, so that what loads is a state the map
 * really was in. Damaged newer full snapshots are passed over, since the deltas hold their changes too.
 */
final class RestoreFallback {

    private final SnapshotCatalog catalog;
    private final SnapshotVerifier verifier;

    RestoreFallback(SnapshotCatalog catalog, SnapshotVerifier verifier) {
        this.catalog = catalog;
        this.verifier = verifier;
    }

    record Found(VerifiedChain chain, RestoreWarning warning) {
    }

    /**
     * @param problems what failed in the latest chain; what rules out or cuts short the older chains is added
     * @return empty if no full snapshot of the map verifies
     */
    Optional<Found> find(String map, List<VerificationProblem> problems) throws IOException {
        List<Long> ids = catalog.ids(map);
        TreeMap<Long, SnapshotManifest> manifests = new TreeMap<>();
        Map<Long, VerificationProblem> unreadable = new TreeMap<>();
        for (long id : ids) {
            try {
                manifests.put(id, catalog.manifest(map, id));
            } catch (SnapshotFormatException | SnapshotFileNotFoundException e) {
                unreadable.put(id, new VerificationProblem(SnapshotLayout.manifestPath(map, id),
                        e instanceof SnapshotFileNotFoundException ? Kind.MISSING_MANIFEST : Kind.UNREADABLE_MANIFEST,
                        e.getMessage()));
            }
        }
        long latest = ids.get(ids.size() - 1);
        Set<Long> damagedFulls = new HashSet<>();
        for (SnapshotManifest full : manifests.descendingMap().values()) {
            if (full.kind() != SnapshotKind.FULL) {
                continue;
            }
            VerificationReport fullFiles = verifier.verifyFiles(full);
            if (!fullFiles.ok()) {
                problems.addAll(fullFiles.problems());
                damagedFulls.add(full.id());
                continue;
            }
            List<SnapshotManifest> chain = new ArrayList<>(List.of(full));
            long upTo = full.firstReplayedId() - 1;
            for (long id = full.firstReplayedId(); id <= latest; id++) {
                Optional<VerificationProblem> stop = check(map, id, manifests.get(id), unreadable.get(id), full);
                if (stop.isPresent()) {
                    problems.add(stop.get());
                    break;
                }
                SnapshotManifest manifest = manifests.get(id);
                if (manifest.kind() == SnapshotKind.DELTA) {
                    VerificationReport files = verifier.verifyFiles(manifest);
                    if (!files.ok()) {
                        problems.addAll(files.problems());
                        break;
                    }
                    chain.add(manifest);
                }
                upTo = id;
            }
            long restoredUpTo = upTo;
            // Ids, not listed manifests: a deleted manifest in the middle is skipped too.
            List<String> skipped = LongStream.rangeClosed(1, latest)
                    .filter(id -> id != full.id() && (id > restoredUpTo || damagedFulls.contains(id)))
                    .mapToObj(id -> SnapshotLayout.manifestPath(map, id)).toList();
            // Every file of the chain was just checked with the verifier's own checks.
            return Optional.of(new Found(new VerifiedChain(map, chain), new RestoreWarning(map, full.id(), restoredUpTo,
                    latest, skipped, new VerificationReport(problems.stream().distinct().toList()))));
        }
        return Optional.empty();
    }

    /** Why the walk cannot go on to snapshot {@code id}, if it cannot. */
    private static Optional<VerificationProblem> check(String map, long id, SnapshotManifest manifest,
                                                       VerificationProblem unreadable, SnapshotManifest full) {
        String path = SnapshotLayout.manifestPath(map, id);
        if (unreadable != null) {
            return Optional.of(unreadable);
        }
        if (manifest == null) {
            return Optional.of(new VerificationProblem(path, Kind.MISSING_MANIFEST, "snapshot " + id
                    + " is needed to restore from full snapshot " + full.id() + " past snapshot " + (id - 1)));
        }
        Long expectedParent = id == 1 ? null : id - 1;
        if (!Objects.equals(manifest.parentId(), expectedParent)) {
            return Optional.of(new VerificationProblem(path, Kind.BROKEN_PARENT, "snapshot " + id + " names parent "
                    + manifest.parentId() + ", expected " + expectedParent));
        }
        return Optional.empty();
    }
}
