package io.snapgrid.node.storage;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EventJournalConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;

/** Applies storage classes to a member's configuration as wildcard map configs. */
public final class MapConfigs {

    private MapConfigs() {
    }

    public static void apply(StorageClasses classes, Config config) {
        config.setConfigPatternMatcher(new StorageClassMatcher());
        for (StorageClass storageClass : classes.all()) {
            config.addMapConfig(mapConfig(storageClass));
        }
    }

    static MapConfig mapConfig(StorageClass storageClass) {
        MapConfig map = new MapConfig(storageClass.match() + "*")
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(storageClass.backups())
                .setAsyncBackupCount(storageClass.asyncBackups())
                .setReadBackupData(storageClass.readBackupData())
                .setTimeToLiveSeconds((int) storageClass.ttl().getSeconds())
                .setMaxIdleSeconds((int) storageClass.maxIdle().getSeconds())
                .setStatisticsEnabled(true);
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
