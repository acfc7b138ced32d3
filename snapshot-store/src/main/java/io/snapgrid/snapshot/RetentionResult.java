package io.snapgrid.snapshot;

import java.io.Serializable;
import java.util.List;

/**
 * What one retention run removed from a map. Serializable, so that a run on another member can report it.
 *
 * @param manifests ids of the snapshots removed, oldest first
 * @param files     data files removed: those of the removed snapshots, and orphans of writers that died
 * @param bytes     the size of everything removed, manifests included
 */
public record RetentionResult(String map, List<Long> manifests, List<String> files, long bytes) implements Serializable {

    public RetentionResult {
        manifests = List.copyOf(manifests);
        files = List.copyOf(files);
    }

    public boolean removedNothing() {
        return manifests.isEmpty() && files.isEmpty();
    }

    @Override
    public String toString() {
        return map + ": removed " + manifests.size() + " snapshots and " + files.size() + " data files, " + bytes
                + " bytes";
    }
}
