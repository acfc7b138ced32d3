package io.snapgrid.node.durability;

import com.hazelcast.config.EvictionPolicy;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.mapstore.DurableMap;

import java.util.Optional;

/** Which maps the snapshot store keeps, and how: those whose storage class is weak or strong. */
public final class DurableMaps {

    private DurableMaps() {
    }

    /**
     * @throws IllegalStateException for a map of a durable family class that binds no schema: it cannot be
     *                               written to Parquet, and keeping it in memory only would break the promise
     */
    public static Optional<DurableMap> of(StorageClasses classes, String map) {
        return classes.forMap(map).filter(DurableMaps::isDurable).map(storageClass -> new DurableMap(map, storageClass.durability(),
                storageClass.schema().orElseThrow(() -> new IllegalStateException("map " + map + " belongs to storage"
                        + " class " + storageClass.name() + ", which is " + storageClass.durability() + " but binds no"
                        + " schema; give the map a storage class with a schema")),
                storageClass.eviction() != EvictionPolicy.NONE));
    }

    public static boolean isDurable(StorageClass storageClass) {
        return storageClass.durability() != Durability.NONE;
    }
}
