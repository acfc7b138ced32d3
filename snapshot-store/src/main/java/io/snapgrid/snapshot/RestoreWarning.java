package io.snapgrid.snapshot;

import java.util.List;

/**
 * A map restores from an older chain than its latest because fallback was allowed: from full snapshot
 * {@code fullId} and its deltas, as of snapshot {@code restoredUpTo} instead of {@code latestId}. Changes in the
 * skipped snapshots are not restored.
 *
 * @param skippedManifests the manifests of the snapshots not loaded, in id order
 * @param problems         why: what failed verification in the latest chain and what stopped the older one
 */
public record RestoreWarning(String map, long fullId, long restoredUpTo, long latestId,
                             List<String> skippedManifests, VerificationReport problems) {

    public RestoreWarning {
        skippedManifests = List.copyOf(skippedManifests);
    }

    @Override
    public String toString() {
        return "FALLBACK RESTORE of map " + map + ": loading full snapshot " + fullId + " and its deltas as of snapshot "
                + restoredUpTo + ", not the latest snapshot " + latestId + "; NOT LOADED: " + skippedManifests
                + "; because of " + problems;
    }
}
