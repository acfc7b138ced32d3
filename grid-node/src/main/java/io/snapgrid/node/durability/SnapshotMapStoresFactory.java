package io.snapgrid.node.durability;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.config.SnapshotSettings;
import io.snapgrid.snapshot.CommitLogOptions;
import io.snapgrid.snapshot.RestoreOptions;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.mapstore.SnapshotMapStoreOptions;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Opens the node's side of the snapshot store before its member exists, rolling the commit logs that stopped
 * processes left, and closes it after the member has left (the member depends on it, so it goes first).
 */
@Factory
final class SnapshotMapStoresFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotMapStoresFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    SnapshotMapStores snapshotMapStores(SnapgridSettings settings, SnapshotStorage storage, DurabilityEvents events) {
        SnapshotSettings snapshots = settings.snapshots();
        SnapshotMapStoreOptions options = new SnapshotMapStoreOptions(snapshots.commitLog().root(),
                snapshots.commitLog().rollInterval(), snapshots.weakBacklogLimit(),
                RestoreOptions.defaults().withFallbackAllowed(snapshots.restore().allowFallback()), CommitLogOptions.defaults());
        try {
            SnapshotMapStores stores = SnapshotMapStores.open(storage,
                    map -> DurableMaps.of(settings.storageClasses(), map), options, events);
            for (SnapshotManifest delta : stores.rolledAtOpen()) {
                LOG.info("Rolled a stopped member's commit log into delta {} of {} ({} rows)", delta.id(), delta.map(),
                        delta.rowCount());
            }
            LOG.info("Commit log of this member: {}", stores.logDirectory());
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the snapshot store's commit logs under "
                    + snapshots.commitLog().root().toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
