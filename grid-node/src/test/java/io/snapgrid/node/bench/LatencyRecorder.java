package io.snapgrid.node.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Every latency of one caller, kept exactly: a cell records at most a few million values, so exact percentiles
 * cost a few megabytes and need no histogram bucketing to trust. One instance per thread, so no locking.
 */
final class LatencyRecorder {

    private long[] nanos = new long[4096];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    /** Read only after the recording threads have been joined, which makes their writes visible. */
    static long[] sortedUnion(List<LatencyRecorder> recorders) {
        long[] all = new long[recorders.stream().mapToInt(r -> r.count).sum()];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.nanos, 0, all, at, recorder.count);
            at += recorder.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
