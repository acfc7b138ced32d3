package io.snapgrid.node.control;

import io.snapgrid.snapshot.RetentionResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the snapshot store bounded (docs/architecture.md §6): for every map with files under the shared root, compacts
 * its deltas into a new full snapshot once they exceed half the newest full's size, then applies retention. Deciding
 * reads the store directly; compacting and removing are fenced actions.
 */
final class SnapshotCoordination implements ControlDuty {

    static final String NAME = "snapshot-coordination";

    private final SnapshotUpkeep upkeep;

    SnapshotCoordination(SnapshotUpkeep upkeep) {
        this.upkeep = upkeep;
    }

    @Override
    public String run(DutyRound round) throws IOException {
        List<String> maps = upkeep.catalog().maps();
        List<String> done = new ArrayList<>();
        for (String map : maps) {
            if (upkeep.compaction().isDue(map)) {
                done.add(map + ": compacted into " + round.perform(new CompactSnapshots(map)));
            }
            RetentionResult retention = round.perform(new ApplyRetention(map));
            if (!retention.removedNothing()) {
                done.add(retention.toString());
            }
        }
        return done.isEmpty() ? "nothing to do for " + maps.size() + " maps" : String.join("; ", done);
    }
}
