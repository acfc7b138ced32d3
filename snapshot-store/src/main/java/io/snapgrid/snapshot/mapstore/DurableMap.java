package io.snapgrid.snapshot.mapstore;

import io.snapgrid.records.RecordType;

import java.util.Objects;

/**
 * What the store needs to know about one durable map, from its storage class.
 *
 * @param reloadsEvicted whether entries can leave memory while still stored (eviction): a read that misses must
 *                       then look in the store; without eviction every stored entry is in memory after the initial
 *                       load, and a miss is a miss
 */
public record DurableMap(String name, Durability durability, RecordType type, boolean reloadsEvicted) {

    /** The durability classes that keep a map on disk (docs/durability.md). */
    public enum Durability {
        /** Write-behind: acknowledged in memory (and backups), flushed to a delta every snapshot interval. */
        WEAK,
        /** Write-through a fsync'd group-commit log: acknowledged only once durable. */
        STRONG
    }

    public DurableMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(type, "type");
    }
}
