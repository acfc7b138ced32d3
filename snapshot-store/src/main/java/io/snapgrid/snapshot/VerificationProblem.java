package io.snapgrid.snapshot;

/**
 * One thing wrong with a snapshot.
 *
 * @param path the storage path of the data file or manifest at fault
 */
public record VerificationProblem(String path, Kind kind, String detail) {

    public enum Kind {
        /** A data file the manifest names is not in storage. */
        MISSING_FILE,
        SIZE_MISMATCH,
        CHECKSUM_MISMATCH,
        ROW_COUNT_MISMATCH,
        /** A data file whose Parquet footer cannot be read. */
        UNREADABLE_FILE,
        /** A snapshot the chain needs has no manifest. */
        MISSING_MANIFEST,
        UNREADABLE_MANIFEST,
        /** A manifest names another parent than the snapshot before it. */
        BROKEN_PARENT,
        /** The map has snapshots but no full one to restore from. */
        NO_FULL_SNAPSHOT
    }

    @Override
    public String toString() {
        return path + ": " + kind + " (" + detail + ")";
    }
}
