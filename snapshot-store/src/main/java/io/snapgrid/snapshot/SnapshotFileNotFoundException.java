package io.snapgrid.snapshot;

/** No file is published under the path. */
public class SnapshotFileNotFoundException extends SnapshotStorageException {

    public SnapshotFileNotFoundException(String path, String location) {
        super(path, "no snapshot file " + path + " (" + location + ")");
    }
}
