package io.snapgrid.snapshot;

/** Whether a snapshot holds a map's whole contents or changes since earlier snapshots. */
public enum SnapshotKind {
    FULL,
    DELTA
}
