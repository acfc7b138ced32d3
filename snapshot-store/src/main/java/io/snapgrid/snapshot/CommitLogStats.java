package io.snapgrid.snapshot;

/**
 * What the commit log has done since it was opened.
 *
 * @param appends acknowledged appends (a batch append counts once)
 * @param writes  group commits: one write of everything queued, then at most one fsync
 * @param fsyncs  {@code FileChannel.force} calls for group commits
 */
public record CommitLogStats(long appends, long writes, long fsyncs) {

    /** Appends per group commit: how many writers shared each write (and fsync). */
    public double meanBatch() {
        return writes == 0 ? 0 : (double) appends / writes;
    }
}
