package io.snapgrid.snapshot;

/**
 * @param segmentBytes  a segment is sealed and a new one started once it reaches this size; only sealed segments
 *                      are rolled into snapshots
 * @param queueCapacity appends that may wait for the writer; one more fails with {@link CommitLogFullException}
 * @param fsync         false only to measure what fsync costs (benchmarks): appends are then acknowledged before
 *                      they are durable and a crash may lose them
 */
public record CommitLogOptions(long segmentBytes, int queueCapacity, boolean fsync) {

    public CommitLogOptions {
        if (segmentBytes < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("segmentBytes and queueCapacity must be positive, got " + segmentBytes
                    + " and " + queueCapacity);
        }
    }

    /** 64 MiB segments, 4096 waiting appends, fsync on. */
    public static CommitLogOptions defaults() {
        return new CommitLogOptions(64L << 20, 4096, true);
    }

    public CommitLogOptions withSegmentBytes(long segmentBytes) {
        return new CommitLogOptions(segmentBytes, queueCapacity, fsync);
    }

    public CommitLogOptions withQueueCapacity(int queueCapacity) {
        return new CommitLogOptions(segmentBytes, queueCapacity, fsync);
    }

    public CommitLogOptions withFsync(boolean fsync) {
        return new CommitLogOptions(segmentBytes, queueCapacity, fsync);
    }
}
