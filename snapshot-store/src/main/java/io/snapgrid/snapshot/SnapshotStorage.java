package io.snapgrid.snapshot;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where snapshot files live: a local or shared filesystem now, an object store later. The contract is the object
 * store's, so that every backend can meet it: flat paths ({@link StoragePaths}), whole-file publication, listing by
 * string prefix. Every backend must pass {@code io.snapgrid.snapshot.tck.SnapshotStorageTck}.
 *
 * <p><b>Publication is atomic and create-only.</b> Bytes written through {@link #create} become visible under their
 * path all at once, and only when {@link PendingFile#commit()} returns, by which time they are durable. A path is
 * written at most once: committing to a path that exists fails with {@link SnapshotFileExistsException} and leaves
 * the existing file untouched, also when two writers race for the same path. Snapshot files are immutable, and
 * manifests use this to take the next snapshot id without a lock (the S3 equivalent is a conditional put).
 *
 * <p>Implementations are thread-safe. Errors are {@link SnapshotStorageException}s naming the path.
 */
public interface SnapshotStorage {

    /**
     * Starts writing a file. Nothing is visible under {@code path} until {@link PendingFile#commit()}; closing the
     * pending file without committing discards it.
     *
     * @throws SnapshotFileExistsException if {@code path} already exists (checked again, atomically, at commit)
     * @throws IllegalArgumentException    if {@code path} is not a valid {@link StoragePaths storage path}
     */
    PendingFile create(String path) throws IOException;

    /**
     * Opens a published file for random-access reading.
     *
     * @throws SnapshotFileNotFoundException if no file is published under {@code path}
     */
    SeekableByteChannel open(String path) throws IOException;

    /** @throws SnapshotFileNotFoundException if no file is published under {@code path} */
    long size(String path) throws IOException;

    /**
     * The published files whose path starts with {@code prefix} (a plain string prefix, as in object stores:
     * {@code "a/b"} matches {@code "a/b.json"} and {@code "a/bc/d"}; {@code "a/b/"} matches only below
     * {@code a/b}), sorted by path. Files still being written are never listed.
     */
    List<StoredFile> list(String prefix) throws IOException;

    /** Removes a published file. Deleting a path that does not exist is not an error, so retries are safe. */
    void delete(String path) throws IOException;
}
