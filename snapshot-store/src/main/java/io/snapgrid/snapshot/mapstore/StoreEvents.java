package io.snapgrid.snapshot.mapstore;

import io.snapgrid.snapshot.CompactionEvents;
import io.snapgrid.snapshot.RetentionEvents;
import io.snapgrid.snapshot.RetentionResult;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.RestoreWarning;
import io.snapgrid.snapshot.SnapshotManifest;

import java.time.Duration;
import java.util.UUID;

/** What the node logs and counts about its durable maps; the store itself only reports. */
public interface StoreEvents extends CompactionEvents, RetentionEvents {

    /**
     * A weak map's change that cannot be written (its value is not a record of the map's schema). It stays in
     * memory and the rest of the flush goes on (hazelcast#7762), but it is not durable.
     */
    void unstorable(String map, Object key, String reason);

    /** A weak map's flush failed and Hazelcast will retry it; nothing is lost yet. */
    void flushFailed(String map, int entries, Exception cause);

    /** Restore of a map had to fall back to an older snapshot: changes after it are lost. */
    void fellBack(RestoreWarning warning);

    void restoreProgress(RestoreStatus status);

    /** The member's commit log acknowledged {@code appends} strong writes with one fsync of this duration. */
    default void groupCommitted(int appends, long fsyncNanos) {
    }

    @Override
    default void compacted(SnapshotManifest full, Duration took) {
    }

    @Override
    default void retained(RetentionResult result, Duration took) {
    }

    /**
     * After a fallback restore, the restored state was written as a new full snapshot, so that changes from now on
     * build on it instead of on the damaged snapshots the fallback skipped.
     */
    default void continuedFrom(RestoreWarning warning, SnapshotManifest full) {
    }

    /**
     * This member took over partitions of a member that left and made their durable maps' entries durable again:
     * strong ones in its own commit log, since the departed member's log may be lost with it, weak ones (and
     * tombstones of the keys gone from memory) in a delta, since the promoted backups' queues may lack some.
     *
     * @param entries the rows written, strong and weak
     */
    void tookOver(UUID departed, int partitions, long entries, Duration took);

    /** A take-over could not be made durable; it is tried again, and the cluster is not reported safe meanwhile. */
    void takeOverFailed(Exception cause);
}
