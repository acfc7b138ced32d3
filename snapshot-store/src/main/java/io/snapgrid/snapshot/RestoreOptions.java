package io.snapgrid.snapshot;

/**
 * How {@link SnapshotRestore} chooses what to load and hands it on.
 *
 * @param allowFallback     whether a map whose latest chain fails verification may restore from an older full
 *                          snapshot, losing the changes after it (see {@link RestoreWarning}); off by default,
 *                          because an operator should decide to lose data, not a restart
 * @param batchSize         rows per {@link RestoreSink#load} call
 * @param progressEveryRows rows scanned between {@link RestoreProgress} callbacks
 */
public record RestoreOptions(boolean allowFallback, int batchSize, long progressEveryRows) {

    public RestoreOptions {
        if (batchSize < 1 || progressEveryRows < 1) {
            throw new IllegalArgumentException("batch size and progress interval must be positive, got " + batchSize
                    + " and " + progressEveryRows);
        }
    }

    /** No fallback, batches of 1,000 rows, progress every 50,000 rows. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(false, 1_000, 50_000);
    }

    public RestoreOptions withFallbackAllowed(boolean allowFallback) {
        return new RestoreOptions(allowFallback, batchSize, progressEveryRows);
    }

    public RestoreOptions withBatchSize(int batchSize) {
        return new RestoreOptions(allowFallback, batchSize, progressEveryRows);
    }

    public RestoreOptions withProgressEveryRows(long progressEveryRows) {
        return new RestoreOptions(allowFallback, batchSize, progressEveryRows);
    }
}
