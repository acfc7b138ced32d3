package io.snapgrid.snapshot.s3;

/**
 * How {@link S3SnapshotStorage} moves bytes. The defaults suit AWS; tests shrink them to reach the multipart and
 * pagination paths with small data.
 *
 * @param multipartThresholdBytes files larger than this are uploaded in parts
 * @param partBytes               the size of each part but the last, at least 5 MiB, below which S3 refuses parts
 * @param readAheadBytes          the least a ranged GET fetches, so that Parquet's many small reads cost few requests
 * @param listPageKeys            keys per ListObjectsV2 page (AWS returns at most 1000)
 * @param maxAttempts             tries per request, the first included, on throttling, 5xx and connection errors
 */
public record S3Tuning(long multipartThresholdBytes, int partBytes, int readAheadBytes, int listPageKeys,
                       int maxAttempts) {

    private static final int MIB = 1024 * 1024;
    private static final int MIN_PART_BYTES = 5 * MIB;

    public S3Tuning {
        if (multipartThresholdBytes < 0 || partBytes <= 0 || readAheadBytes <= 0 || listPageKeys <= 0
                || maxAttempts <= 0) {
            throw new IllegalArgumentException("S3 tuning values must be positive: " + this);
        }
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 multipart parts must be at least 5 MiB (S3 refuses smaller ones "
                    + "at completion), not " + partBytes + " bytes");
        }
    }

    public static S3Tuning defaults() {
        return new S3Tuning(16L * MIB, 16 * MIB, MIB, 1000, 5);
    }

    public S3Tuning withMultipart(long thresholdBytes, int partBytes) {
        return new S3Tuning(thresholdBytes, partBytes, readAheadBytes, listPageKeys, maxAttempts);
    }

    public S3Tuning withListPageKeys(int keys) {
        return new S3Tuning(multipartThresholdBytes, partBytes, readAheadBytes, keys, maxAttempts);
    }
}
