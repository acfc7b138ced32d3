package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.snapgrid.node.durability.SnapshotSummary;
import io.snapgrid.snapshot.SnapshotManifest;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Runs one requested full snapshot: folds the map's chain into a new full snapshot even when compaction is not due,
 * recording the operation's progress and outcome. It is a fenced action, so the whole attempt happens under the
 * leader's epoch and is in the action log; a failure of the compaction itself (a damaged chain, say) is the
 * operation's outcome, not the action's.
 */
record WriteFullSnapshot(String operationId, String map, long epoch) implements DutyAction<SnapshotOperation> {

    /** Attempts that started but never finished (their member died) before the operation is given up. */
    static final int MAX_ATTEMPTS = 3;
    static final long PROGRESS_EVERY_ROWS = 10_000;

    @Override
    public String describe() {
        return "write full snapshot of " + map + " (operation " + operationId + ")";
    }

    /** @return the operation as it ends, or null if it expired meanwhile */
    @Override
    public SnapshotOperation apply(HazelcastInstance member) {
        IMap<String, SnapshotOperation> operations = member.getMap(ControlMaps.OPERATIONS);
        SnapshotOperation operation = operations.get(operationId);
        if (operation == null || operation.finished()) {
            return operation;
        }
        if (operation.attempts() >= MAX_ATTEMPTS) {
            SnapshotOperation abandoned = operation.failed(now(), operation.attempts()
                    + " attempts started and none finished (the member running each left); not trying again");
            operations.set(operationId, abandoned);
            return abandoned;
        }
        SnapshotOperation running = operation.running(epoch, now());
        operations.set(operationId, running);
        SnapshotOperation done;
        long[] chainRows = {0};
        try {
            Optional<SnapshotManifest> full = SnapshotUpkeep.of(member).compaction().compact(map, (rows, total) -> {
                chainRows[0] = total;
                if (rows % PROGRESS_EVERY_ROWS == 0) { // also at 0, so that the total shows from the start
                    operations.set(operationId, running.withProgress(rows, total));
                }
            });
            SnapshotOperation read = running.withProgress(0, chainRows[0]);
            done = full.isPresent()
                    ? read.succeeded(now(), "wrote full snapshot " + full.get().id() + " of " + map,
                    SnapshotSummary.of(full.get()))
                    : read.succeeded(now(), "nothing to compact: no deltas after the newest full snapshot", null);
        } catch (IOException | RuntimeException e) {
            done = running.withProgress(0, chainRows[0]).failed(now(),
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
        operations.set(operationId, done);
        return done;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
