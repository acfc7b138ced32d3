package io.snapgrid.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * Which snapshots {@link SnapshotRetention} keeps: at least the newest {@code keepFull} full snapshots, and every full
 * snapshot younger than {@code maxAge}; a kept full keeps the deltas that restoring from it replays.
 *
 * @param orphanGrace   how old the writer of a data file no manifest names must be before the file is collected; a
 *                      writer still running has files and no manifest yet, so this must exceed the longest write
 * @param historyRetain how far back every change stays readable as history, apart from what restore keeps: the
 *                      deltas younger than this and the newest full snapshot older than it (the state history
 *                      starts from) outlive their snapshots as history manifests. {@link Duration#ZERO}: history is
 *                      what restore keeps, and kept history manifests are removed
 */
public record RetentionPolicy(int keepFull, Duration maxAge, Duration orphanGrace, Duration historyRetain) {

    /** Far longer than writing a full snapshot of the largest map takes (seconds to minutes). */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);

    public RetentionPolicy {
        if (keepFull < 1) {
            throw new IllegalArgumentException("retention must keep at least the newest full snapshot, got keepFull "
                    + keepFull);
        }
        if (Objects.requireNonNull(maxAge, "maxAge").isNegative()
                || Objects.requireNonNull(orphanGrace, "orphanGrace").isNegative()
                || Objects.requireNonNull(historyRetain, "historyRetain").isNegative()) {
            throw new IllegalArgumentException("retention durations cannot be negative");
        }
    }

    public RetentionPolicy(int keepFull, Duration maxAge, Duration orphanGrace) {
        this(keepFull, maxAge, orphanGrace, Duration.ZERO);
    }

    public RetentionPolicy(int keepFull, Duration maxAge) {
        this(keepFull, maxAge, DEFAULT_ORPHAN_GRACE);
    }

    public RetentionPolicy withHistoryRetain(Duration retain) {
        return new RetentionPolicy(keepFull, maxAge, orphanGrace, retain);
    }
}
