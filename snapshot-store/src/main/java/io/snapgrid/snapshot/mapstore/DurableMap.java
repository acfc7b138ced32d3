package io.snapgrid.snapshot.mapstore;

import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.Durability;

import java.util.Objects;

/**
 * What the store needs to know about one durable map, from its storage class.
 *
 * @param reloadsEvicted whether entries can leave memory while still stored (eviction): a read that misses must
 *                       then look in the store; without eviction every stored entry is in memory after the initial
 *                       load, and a miss is a miss
 */
public record DurableMap(String name, Durability durability, RecordType type, boolean reloadsEvicted) {

    public DurableMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(type, "type");
        if (durability == Durability.NONE) {
            throw new IllegalArgumentException("map " + name + " is durability none: the store keeps nothing of it");
        }
    }
}
