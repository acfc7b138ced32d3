package io.snapgrid.snapshot;

/** Learns of each group commit of a {@link CommitLog}, on its writer thread: keep it quick. */
@FunctionalInterface
public interface GroupCommitListener {

    GroupCommitListener NONE = (appends, fsyncNanos) -> { };

    /**
     * @param appends    the appends the commit acknowledged (a batch append counts once)
     * @param fsyncNanos how long its fsync took; 0 when fsync is off
     */
    void committed(int appends, long fsyncNanos);
}
