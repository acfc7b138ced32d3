package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.Schema;

import java.util.Objects;

/**
 * Starts snapshots of maps. Data files are written as rows arrive, rolling to a new file at
 * {@link SnapshotFormat#targetFileBytes()}; the manifest is published last, so a snapshot exists only once it is
 * complete. Thread-safe; each {@link PendingSnapshot} is used by one thread.
 */
public final class SnapshotWriter {

    private final SnapshotStorage storage;
    private final SnapshotFormat format;
    private final SnapshotCatalog catalog;

    public SnapshotWriter(SnapshotStorage storage, SnapshotFormat format) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.format = Objects.requireNonNull(format, "format");
        this.catalog = new SnapshotCatalog(storage);
    }

    public SnapshotWriter(SnapshotStorage storage) {
        this(storage, SnapshotFormat.defaults());
    }

    /**
     * Starts a full snapshot: every live key of the map (tombstones are allowed but unnecessary).
     *
     * @param baseId the newest snapshot whose rows the full snapshot contains, or null if it contains none; restore
     *               replays the deltas after it
     */
    public PendingSnapshot beginFull(String map, Schema valueSchema, Long baseId) {
        if (baseId != null && baseId < 1) {
            throw new IllegalArgumentException("the base of a full snapshot is a snapshot id (from 1), got " + baseId);
        }
        return new PendingSnapshot(storage, catalog, format, SnapshotLayout.checkMap(map), SnapshotKind.FULL, baseId,
                valueSchema);
    }

    /** Starts a delta snapshot: upserts and tombstones since earlier snapshots. */
    public PendingSnapshot beginDelta(String map, Schema valueSchema) {
        return new PendingSnapshot(storage, catalog, format, SnapshotLayout.checkMap(map), SnapshotKind.DELTA, null,
                valueSchema);
    }
}
