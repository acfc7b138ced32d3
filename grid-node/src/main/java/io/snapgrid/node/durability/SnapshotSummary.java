package io.snapgrid.node.durability;

import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;

import java.io.Serializable;
import java.time.Instant;

/**
 * A published snapshot as the admin API describes it: its manifest without the schema and the per-file detail, small
 * and serializable so that an operation's result can carry it through a cluster map.
 *
 * @param rows     the rows of all its data files, as the manifest records them (tombstones included)
 * @param bytes    the bytes of all its data files, as the manifest records them
 * @param parentId the previous snapshot of the map; null for the first
 * @param baseId   for a full snapshot, the newest snapshot it contains (null: none); null for a delta
 * @param files    how many data files the manifest names
 */
public record SnapshotSummary(String map, long id, SnapshotKind kind, Instant createdAt, long rows, long bytes,
                              Long parentId, Long baseId, int files) implements Serializable {

    public static SnapshotSummary of(SnapshotManifest manifest) {
        return new SnapshotSummary(manifest.map(), manifest.id(), manifest.kind(), manifest.createdAt(),
                manifest.rowCount(), manifest.byteSize(), manifest.parentId(), manifest.baseId(),
                manifest.files().size());
    }
}
