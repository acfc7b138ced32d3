package io.snapgrid.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * A full snapshot and the deltas to replay after it (or, for a map without a full snapshot yet, all its deltas from
 * the first; see {@link SnapshotVerifier#verifyRestoreChain}), whose manifests form an unbroken sequence and whose files all
 * matched their manifests when {@link SnapshotVerifier} checked them. Only the verifier makes these, and restore's
 * fallback ({@code RestoreFallback}) with the verifier's checks, so that {@link SnapshotReader} can only be handed
 * verified input.
 */
public final class VerifiedChain {

    private final String map;
    private final List<SnapshotManifest> manifests;

    VerifiedChain(String map, List<SnapshotManifest> manifests) {
        this.map = map;
        this.manifests = List.copyOf(manifests);
    }

    public String map() {
        return map;
    }

    /** The full snapshot first, if there is one, then the deltas in id order. */
    public List<SnapshotManifest> manifests() {
        return manifests;
    }

    /** @throws IllegalStateException for deltas verified from a map's first snapshot */
    public SnapshotManifest full() {
        SnapshotManifest first = manifests.get(0);
        if (first.kind() != SnapshotKind.FULL) {
            throw new IllegalStateException(this + " has no full snapshot");
        }
        return first;
    }

    /** The newest snapshot of the chain, whose schema values are read in by default. */
    public SnapshotManifest head() {
        return manifests.stream().max(Comparator.comparingLong(SnapshotManifest::id)).orElseThrow();
    }

    @Override
    public String toString() {
        return "VerifiedChain[" + map + ": " + manifests.stream().map(m -> m.kind() + " " + m.id()).toList() + "]";
    }
}
