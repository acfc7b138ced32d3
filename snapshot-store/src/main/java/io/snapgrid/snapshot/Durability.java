package io.snapgrid.snapshot;

import java.util.Locale;

/** What a storage class promises to keep when members crash (see docs/architecture.md). */
public enum Durability {
    /** Memory (and backups) only: nothing reaches the snapshot store. */
    NONE,
    /** Write-behind: acknowledged in memory (and backups), flushed to a delta every snapshot interval. */
    WEAK,
    /** Write-through a fsync'd group-commit log: acknowledged only once durable. */
    STRONG;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
