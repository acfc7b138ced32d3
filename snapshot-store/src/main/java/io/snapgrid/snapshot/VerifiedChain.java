package io.snapgrid.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * A full snapshot and the deltas to replay after it, whose manifests form an unbroken sequence and whose files all
 * matched their manifests when {@link SnapshotVerifier} checked them. Only the verifier makes these, so that
 * {@link SnapshotReader} can only be handed verified input.
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

    /** The full snapshot first, then the deltas in id order. */
    public List<SnapshotManifest> manifests() {
        return manifests;
    }

    public SnapshotManifest full() {
        return manifests.get(0);
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
