package io.snapgrid.snapshot;

/**
 * How snapshot data files are written.
 *
 * @param targetFileBytes a data file is closed and a new one started once it reaches about this size
 * @param rowGroupBytes   Parquet row group size; a writer buffers about this much in memory
 * @param sortRunBytes    a writer holds up to about this much of rows in memory (Avro-encoded) to write them sorted by
 *                        key, so that a reader looking for a key skips the pages of other keys; a snapshot larger than
 *                        this is written as several sorted runs, each key range then found once per run
 */
public record SnapshotFormat(Compression compression, long targetFileBytes, long rowGroupBytes, long sortRunBytes) {

    /** The codecs every Parquet reader (DuckDB, Spark, pyarrow) understands and that need no Hadoop. */
    public enum Compression {
        UNCOMPRESSED,
        SNAPPY,
        ZSTD
    }

    private static final long MIB = 1024 * 1024;

    public SnapshotFormat {
        if (compression == null || targetFileBytes < 1 || rowGroupBytes < 1 || sortRunBytes < 1) {
            throw new IllegalArgumentException("invalid snapshot format: " + compression + ", " + targetFileBytes
                    + " bytes per file, " + rowGroupBytes + " bytes per row group, " + sortRunBytes
                    + " bytes per sorted run");
        }
    }

    public static SnapshotFormat defaults() {
        return new SnapshotFormat(Compression.SNAPPY, 128 * MIB, 32 * MIB, 64 * MIB);
    }

    public SnapshotFormat withCompression(Compression compression) {
        return new SnapshotFormat(compression, targetFileBytes, rowGroupBytes, sortRunBytes);
    }

    public SnapshotFormat withTargetFileBytes(long targetFileBytes) {
        return new SnapshotFormat(compression, targetFileBytes, rowGroupBytes, sortRunBytes);
    }

    public SnapshotFormat withRowGroupBytes(long rowGroupBytes) {
        return new SnapshotFormat(compression, targetFileBytes, rowGroupBytes, sortRunBytes);
    }

    public SnapshotFormat withSortRunBytes(long sortRunBytes) {
        return new SnapshotFormat(compression, targetFileBytes, rowGroupBytes, sortRunBytes);
    }
}
