package io.snapgrid.snapshot;

/** Learns how far a compaction got, on the compacting thread after each row written: keep it cheap. */
@FunctionalInterface
public interface CompactionProgress {

    CompactionProgress NONE = (rowsWritten, chainRows) -> { };

    /**
     * @param rowsWritten rows added to the new full snapshot so far; the last call gives its row count
     * @param chainRows   rows of the chain being folded, which is at most what is written: rows a later one
     *                    superseded, and tombstones, are left out
     */
    void update(long rowsWritten, long chainRows);
}
