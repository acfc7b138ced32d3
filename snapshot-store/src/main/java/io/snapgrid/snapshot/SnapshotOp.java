package io.snapgrid.snapshot;

/** What a snapshot row records about its key. */
public enum SnapshotOp {
    /** The key holds the row's value. */
    UPSERT,
    /** The key was removed; the row is a tombstone without a value. */
    DELETE
}
