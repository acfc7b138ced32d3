package io.snapgrid.snapshot;

import java.util.List;

/** Where restored rows go: the node puts them into its IMaps. Called from the restoring thread only. */
@FunctionalInterface
public interface RestoreSink {

    /**
     * @param rows upserts only, one per key across the whole restore of the map, each with its revision so the node
     *             can seed per-key revisions; the list is the sink's to keep
     */
    void load(String map, List<SnapshotRow> rows);
}
