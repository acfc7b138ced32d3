package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.config.SnapshotSettings;
import io.snapgrid.snapshot.RetentionPolicy;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotCompaction;
import io.snapgrid.snapshot.SnapshotRetention;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.mapstore.StoreEvents;

import java.time.Clock;

/**
 * The snapshot store as one member sees it: every member opens the same shared root, so whichever member a fenced
 * action lands on compacts and trims the same files. Kept in the member's user context for those actions.
 */
record SnapshotUpkeep(SnapshotCatalog catalog, SnapshotCompaction compaction, SnapshotRetention retention) {

    private static final String KEY = "snapgrid.snapshots.upkeep";

    static SnapshotUpkeep open(SnapshotStorage storage, SnapshotSettings settings, StoreEvents events) {
        return new SnapshotUpkeep(new SnapshotCatalog(storage), new SnapshotCompaction(storage, events),
                new SnapshotRetention(storage, new RetentionPolicy(settings.retention().keepFull(), settings.retention().maxAge())
                        .withHistoryRetain(settings.history().retain()), Clock.systemUTC(), events));
    }

    void registerOn(HazelcastInstance member) {
        member.getUserContext().put(KEY, this);
    }

    static SnapshotUpkeep of(HazelcastInstance member) {
        SnapshotUpkeep upkeep = (SnapshotUpkeep) member.getUserContext().get(KEY);
        if (upkeep == null) {
            throw new IllegalStateException("member " + member.getName() + " has no snapshot store");
        }
        return upkeep;
    }
}
