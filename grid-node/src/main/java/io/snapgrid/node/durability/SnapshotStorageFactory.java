package io.snapgrid.node.durability;

import io.micronaut.context.annotation.Factory;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import jakarta.inject.Singleton;

/** The one snapshot storage of a node: the shared root every member reads and writes (docs/architecture.md §6). */
@Factory
final class SnapshotStorageFactory {

    @Singleton
    SnapshotStorage snapshotStorage(SnapgridSettings settings) {
        return new FileSystemSnapshotStorage(settings.snapshots().root());
    }
}
