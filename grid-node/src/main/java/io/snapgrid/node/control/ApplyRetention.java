package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.RetentionResult;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Removes a map's snapshots and files that the retention policy no longer keeps. */
record ApplyRetention(String map) implements DutyAction<RetentionResult> {

    @Override
    public String describe() {
        return "apply snapshot retention to " + map;
    }

    @Override
    public RetentionResult apply(HazelcastInstance member) {
        try {
            return SnapshotUpkeep.of(member).retention().apply(map);
        } catch (IOException e) {
            throw new UncheckedIOException("applying snapshot retention to " + map + ": " + e.getMessage(), e);
        }
    }
}
