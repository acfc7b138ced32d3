package io.snapgrid.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SnapshotRestore#restore} will load: a verified chain per map (none for a map without snapshots), and
 * what was skipped to get there. Warnings are non-empty only if fallback was allowed and used; the caller must log
 * them loudly, since the maps they name restore to an older state than their latest snapshot.
 */
public record RestorePlan(List<MapChain> maps, List<RestoreWarning> warnings) {

    public RestorePlan {
        maps = List.copyOf(maps);
        warnings = List.copyOf(warnings);
    }

    /** @param chain empty for a map with no snapshots, which restores as empty */
    public record MapChain(String map, Optional<VerifiedChain> chain) {

        /** The rows and bytes of the chain's data files, as its manifests record them. */
        public RestoreStatus.Amount total() {
            return chain.stream().flatMap(verified -> verified.manifests().stream())
                    .map(manifest -> new RestoreStatus.Amount(manifest.rowCount(), manifest.byteSize()))
                    .reduce(RestoreStatus.Amount.ZERO, RestoreStatus.Amount::plus);
        }
    }

    public RestoreStatus.Amount total() {
        return maps.stream().map(MapChain::total).reduce(RestoreStatus.Amount.ZERO, RestoreStatus.Amount::plus);
    }
}
