package io.snapgrid.node.storage;

import com.hazelcast.config.EvictionPolicy;
import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.Durability;

import java.time.Duration;
import java.util.Optional;

/**
 * Backups, durability, expiry, eviction and schema for every map whose name starts with {@code match}.
 * {@code maxSize} is entries per member and only applies when {@code eviction} is not NONE.
 * {@code snapshotInterval} is the write-behind delay of a weak class (zero for the others).
 * {@code eventJournalCapacity} is the number of events the map's event journal keeps across all partitions
 * (0: no journal); Jet jobs read the journal, which is what makes a map a rewindable stream source.
 * {@code splitBrainProtection} says whether a member refuses writes while it sees no majority of the expected cluster,
 * and whether sides merge by latest change (see {@link PartitionMerge}).
 */
public record StorageClass(
        String name,
        String match,
        int backups,
        int asyncBackups,
        Durability durability,
        Duration ttl,
        Duration maxIdle,
        EvictionPolicy eviction,
        int maxSize,
        boolean readBackupData,
        Optional<RecordType> schema,
        Duration snapshotInterval,
        int eventJournalCapacity,
        SplitBrainProtection splitBrainProtection) {

    public boolean matches(String mapName) {
        return mapName.startsWith(match);
    }

    public boolean hasEventJournal() {
        return eventJournalCapacity > 0;
    }

    /** A class whose match is a whole map name rather than a family prefix; the node creates that map. */
    public boolean namesOneMap() {
        return !match.isEmpty() && !match.endsWith(".");
    }
}
