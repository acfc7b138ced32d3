package io.snapgrid.snapshot;

/** A row read back from the commit log, with the map it was appended to. */
public record LoggedRow(String map, SnapshotRow row) {
}
