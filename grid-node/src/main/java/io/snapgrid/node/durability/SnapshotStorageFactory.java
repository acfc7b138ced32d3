package io.snapgrid.node.durability;

import io.micronaut.context.annotation.Factory;
import io.snapgrid.node.config.InvalidConfigurationException;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.config.SnapshotSettings;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotStorageException;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.s3.S3SnapshotStorage;
import io.snapgrid.snapshot.s3.S3Tuning;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The one snapshot storage of a node, which every member reads and writes (docs/architecture.md §6): the shared root,
 * or an S3 bucket (docs/s3.md). Everything else reaches it only through {@link SnapshotStorage}.
 */
@Factory
final class SnapshotStorageFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStorageFactory.class);

    /**
     * The S3 client is not closed with the context: the last commit-log roll at a graceful stop still writes through
     * it, and the URL-connection client it holds has no threads of its own to release.
     */
    @Singleton
    SnapshotStorage snapshotStorage(SnapgridSettings settings) {
        SnapshotSettings snapshots = settings.snapshots();
        if (snapshots.store() == SnapshotSettings.Store.FILESYSTEM) {
            return new FileSystemSnapshotStorage(snapshots.root());
        }
        S3SnapshotStorage storage = new S3SnapshotStorage(snapshots.s3().location(), S3Tuning.defaults());
        try {
            // Before the member starts, so that a wrong bucket or bad credentials stop the node like bad configuration
            // rather than failing its first snapshot.
            storage.checkAccess();
        } catch (SnapshotStorageException e) {
            storage.close();
            throw new InvalidConfigurationException(List.of("snapshots.s3.bucket: " + e.getMessage()));
        }
        LOG.info("Snapshots in S3 bucket {} under prefix \"{}\"", snapshots.s3().bucket(), snapshots.s3().prefix());
        return storage;
    }
}
