package io.snapgrid.snapshot;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A data file as its manifest records it, measured while it was written.
 *
 * @param path   storage path of the Parquet file
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record SnapshotFile(String path, long rowCount, long byteSize, String sha256) {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public SnapshotFile {
        StoragePaths.checkPath(path);
        if (rowCount < 0 || byteSize < 0) {
            throw new IllegalArgumentException("file " + path + ": negative row count or size");
        }
        if (!SHA_256.matcher(Objects.requireNonNull(sha256, "sha256")).matches()) {
            throw new IllegalArgumentException("file " + path + ": not a lower-case hex SHA-256: " + sha256);
        }
    }
}
