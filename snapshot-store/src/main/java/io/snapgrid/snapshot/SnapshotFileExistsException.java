package io.snapgrid.snapshot;

/** A file is already published under the path; storage paths are written at most once. */
public class SnapshotFileExistsException extends SnapshotStorageException {

    public SnapshotFileExistsException(String path, String location) {
        super(path, "snapshot file " + path + " already exists (" + location + ")");
    }
}
