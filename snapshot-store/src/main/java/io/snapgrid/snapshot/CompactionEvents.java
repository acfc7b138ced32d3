package io.snapgrid.snapshot;

import java.time.Duration;

/** Learns of each compaction that wrote a full snapshot, so that the node can count them; the store counts nothing. */
@FunctionalInterface
public interface CompactionEvents {

    CompactionEvents NONE = (full, took) -> { };

    /**
     * @param full the new full snapshot: its rows and bytes are what the compaction wrote
     * @param took from verifying the chain to publishing the full snapshot
     */
    void compacted(SnapshotManifest full, Duration took);
}
