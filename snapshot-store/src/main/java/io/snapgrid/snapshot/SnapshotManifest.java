package io.snapgrid.snapshot;

import org.apache.avro.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What makes a snapshot exist: the last file published for it, naming every data file with its row count, size
 * and SHA-256. A map's snapshots form one sequence: ids count up from 1 and each names the one before it as its
 * parent, so a missing snapshot shows as a gap.
 *
 * <p>Restore starts from the newest {@link SnapshotKind#FULL full} snapshot and replays every delta after its
 * {@code baseId}. A full records as its base the newest snapshot whose rows it already contains, which may be older
 * than its parent when deltas were committed while it was written; replaying those deltas again is harmless
 * because rows merge by revision.
 *
 * @param parentId the previous snapshot of the map; null for the first
 * @param baseId   for a full snapshot, the newest snapshot it contains (null: none); always null for a delta
 * @param schema   the Avro schema of the values in the data files
 */
public record SnapshotManifest(String map, long id, Long parentId, SnapshotKind kind, Long baseId, Instant createdAt,
                               Schema schema, List<SnapshotFile> files) {

    public SnapshotManifest {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(schema, "schema");
        files = List.copyOf(files);
        if (id < 1) {
            throw new IllegalArgumentException("snapshot " + id + " of map " + map + ": ids start at 1");
        }
        if (kind == SnapshotKind.DELTA && baseId != null) {
            throw new IllegalArgumentException("delta snapshot " + id + " of map " + map + " cannot have a base");
        }
        if (baseId != null && (baseId < 1 || baseId >= id)) {
            throw new IllegalArgumentException("full snapshot " + id + " of map " + map
                    + ": its base must be an earlier snapshot, got " + baseId);
        }
    }

    public long rowCount() {
        return files.stream().mapToLong(SnapshotFile::rowCount).sum();
    }

    public long byteSize() {
        return files.stream().mapToLong(SnapshotFile::byteSize).sum();
    }

    /** The id of the first delta that restoring from this full snapshot must replay. */
    public long firstReplayedId() {
        if (kind != SnapshotKind.FULL) {
            throw new IllegalStateException("snapshot " + id + " of map " + map + " is a delta");
        }
        return baseId == null ? 1 : baseId + 1;
    }
}
