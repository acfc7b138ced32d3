package io.snapgrid.node.config;

import com.hazelcast.config.EvictionPolicy;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.snapgrid.node.storage.SplitBrainProtection;
import io.snapgrid.snapshot.Durability;

import java.time.Duration;

/**
 * One entry of storage-classes as written. Classes are named by the operator, so snapgrid.yaml cannot hold their
 * defaults; these are the defaults of a key a class leaves out.
 */
@EachProperty("storage-classes")
public record StorageClassSettings(
        @Parameter String name,
        @Nullable String match,
        @Bindable(defaultValue = "1") int backups,
        @Bindable(defaultValue = "0") int asyncBackups,
        @Bindable(defaultValue = "none") Durability durability,
        @Bindable(defaultValue = "0s") Duration ttl,
        @Bindable(defaultValue = "0s") Duration maxIdle,
        @Bindable(defaultValue = "NONE") EvictionPolicy eviction,
        @Bindable(defaultValue = "0") int maxSize,
        @Bindable(defaultValue = "false") boolean readBackupData,
        @Nullable String schema,
        @Bindable(defaultValue = "10s") Duration snapshotInterval,
        @Bindable(defaultValue = "0") int eventJournalCapacity,
        // No fixed default: majority for a durable class, none for durability none (StorageClassChecks).
        @Nullable SplitBrainProtection splitBrainProtection) {
}
