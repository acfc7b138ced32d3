package io.snapgrid.snapshot;

import java.util.OptionalLong;

/**
 * What restoring one map loaded.
 *
 * @param entries     live keys handed to the sink
 * @param read        the rows and bytes of the data files read, superseded rows and tombstones included
 * @param maxRevision the highest revision of any row read, tombstones and superseded rows included: the node seeds
 *                    the map's revision clock above it, or a new change of a deleted key could lose to its
 *                    tombstone on the next restore; empty if the map had no snapshots
 */
public record RestoredMap(String map, long entries, RestoreStatus.Amount read, OptionalLong maxRevision) {
}
