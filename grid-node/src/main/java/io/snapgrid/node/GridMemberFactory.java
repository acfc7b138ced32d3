package io.snapgrid.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.config.SnapgridSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

@Factory
class GridMemberFactory {

    /** Eager, so a node that cannot form its member fails at startup rather than on the first request. */
    @Context
    @Requires(notEnv = SettingsLoader.SETTINGS_ONLY)
    @Bean(preDestroy = "shutdown")
    HazelcastInstance member(SnapgridSettings settings, SnapshotMapStores snapshotStore) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("data-dir " + settings.dataDir().toAbsolutePath() + " cannot be created", e);
        }
        return Hazelcast.newHazelcastInstance(MemberConfigs.build(settings, snapshotStore));
    }
}
