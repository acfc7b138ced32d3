package io.snapgrid.snapshot.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which row wins for each key: the highest revision, then the latest commit time, then a tombstone over an upsert;
 * on a complete tie the row seen first stays. The order is total over what rows carry, so the winner does not
 * depend on the order files are read in, and reading a row twice changes nothing. Remembers only where each
 * winner is (file and row number), not its value, so the values can be streamed in a second pass.
 */
public final class LatestRows {

    private final Map<String, Winner> winners = new HashMap<>();
    private long maxRevision = Long.MIN_VALUE;

    private record Winner(long revision, long commitMillis, boolean delete, int file, long row) {

        boolean beats(Winner other) {
            if (revision != other.revision) {
                return revision > other.revision;
            }
            if (commitMillis != other.commitMillis) {
                return commitMillis > other.commitMillis;
            }
            return delete && !other.delete;
        }
    }

    public void offer(String key, long revision, long commitMillis, boolean delete, int file, long row) {
        maxRevision = Math.max(maxRevision, revision);
        Winner candidate = new Winner(revision, commitMillis, delete, file, row);
        winners.merge(key, candidate, (current, offered) -> offered.beats(current) ? offered : current);
    }

    /** Forgets keys whose latest row is a tombstone: they are absent from the map. */
    public void dropDeleted() {
        winners.values().removeIf(Winner::delete);
    }

    /** Whether the row at this place is the latest row of its key. */
    public boolean isLatest(String key, int file, long row) {
        Winner winner = winners.get(key);
        return winner != null && winner.file == file && winner.row == row;
    }

    /**
     * The highest revision offered, tombstones and superseded rows included: a writer that continues from restored
     * data must count on from above it, or its next change of a key could lose to a row already stored.
     * {@link Long#MIN_VALUE} if nothing was offered.
     */
    public long maxRevision() {
        return maxRevision;
    }

    /** The keys offered, tombstoned ones too unless {@link #dropDeleted()} ran; a copy. */
    public Set<String> keys() {
        return new HashSet<>(winners.keySet());
    }

    public int size() {
        return winners.size();
    }
}
