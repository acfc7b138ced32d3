package io.snapgrid.node.storage;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EventJournalConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.map.MapStoreFactory;
import com.hazelcast.config.MaxSizePolicy;
import io.snapgrid.snapshot.Durability;

/** Applies storage classes to a member's configuration as wildcard map configs. */
public final class MapConfigs {

    private MapConfigs() {
    }

    /**
     * Durable classes load and store through the snapshot store: EAGER loading, so a map is whole before it
     * serves; strong writes through, weak behind by its snapshot interval, coalesced, in large batches (each flush
     * is one delta file). Stores run off the partition threads (offloading), so strong writers share fsyncs.
     */
    public static void apply(StorageClasses classes, Config config, MapStoreFactory<?, ?> snapshotStore) {
        config.setConfigPatternMatcher(new StorageClassMatcher());
        for (StorageClass storageClass : classes.all()) {
            MapConfig map = mapConfig(storageClass);
            if (storageClass.durability() != Durability.NONE) {
                map.setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setFactoryImplementation(snapshotStore)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)
                        .setOffload(true)
                        .setWriteCoalescing(true)
                        .setWriteBatchSize(WRITE_BATCH)
                        .setWriteDelaySeconds((int) storageClass.snapshotInterval().getSeconds()));
            }
            config.addMapConfig(map);
        }
    }

    /** Changes per storeAll of a weak flush, so one flush is one delta file up to this size. */
    private static final int WRITE_BATCH = 100_000;

    static MapConfig mapConfig(StorageClass storageClass) {
        MapConfig map = new MapConfig(storageClass.match() + "*")
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(storageClass.backups())
                .setAsyncBackupCount(storageClass.asyncBackups())
                .setReadBackupData(storageClass.readBackupData())
                .setTimeToLiveSeconds((int) storageClass.ttl().getSeconds())
                .setMaxIdleSeconds((int) storageClass.maxIdle().getSeconds())
                .setStatisticsEnabled(true);
        if (storageClass.splitBrainProtection() == SplitBrainProtection.MAJORITY) {
            PartitionMerge.protect(map);
        }
        if (storageClass.eviction() != EvictionPolicy.NONE) {
            map.setEvictionConfig(new EvictionConfig()
                    .setEvictionPolicy(storageClass.eviction())
                    .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                    .setSize(storageClass.maxSize()));
        }
        if (storageClass.hasEventJournal()) {
            // Hazelcast splits the capacity evenly over the partitions; the journal has the map's backup counts.
            map.setEventJournalConfig(new EventJournalConfig().setEnabled(true)
                    .setCapacity(storageClass.eventJournalCapacity()));
        }
        return map;
    }
}
