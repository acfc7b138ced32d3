package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.SnapshotManifest;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Folds a map's deltas into a new full snapshot, on whichever member runs the action. */
record CompactSnapshots(String map) implements DutyAction<String> {

    @Override
    public String describe() {
        return "compact snapshots of " + map;
    }

    @Override
    public String apply(HazelcastInstance member) {
        try {
            return SnapshotUpkeep.of(member).compaction().compact(map)
                    .map(CompactSnapshots::summary)
                    .orElse("nothing to compact");
        } catch (IOException e) {
            throw new UncheckedIOException("compacting snapshots of " + map + ": " + e.getMessage(), e);
        }
    }

    private static String summary(SnapshotManifest full) {
        return "full " + full.id() + " (base " + full.baseId() + ", " + full.rowCount() + " rows)";
    }
}
