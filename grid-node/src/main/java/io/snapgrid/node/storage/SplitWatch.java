package io.snapgrid.node.storage;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;

import java.time.Duration;

/**
 * Remembers since when this member's side of a partition may have been cut off from the other: the first member it
 * lost after its cluster was whole, less the failure-detector timeout (a member is removed that long after it was
 * last heard from), less one heartbeat interval (the detector checks once per interval), rounded down to the second
 * (Hazelcast keeps an entry's last update time in whole seconds). {@link LatestChangeMergePolicy} uses it to tell a change made on the other side during the
 * split from a copy the other side only kept.
 */
final class SplitWatch implements MembershipListener {

    /** No split seen yet: every entry counts as changed since. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final long silenceMillis;
    private final int expectedSize;
    private volatile long splitSince = UNKNOWN;

    SplitWatch(Duration maxNoHeartbeat, Duration heartbeatInterval, int expectedSize) {
        this.silenceMillis = maxNoHeartbeat.plus(heartbeatInterval).toMillis();
        this.expectedSize = expectedSize;
    }

    /** Wall-clock milliseconds, as Hazelcast stamps an entry's last update; {@link #UNKNOWN} before any split. */
    long splitSince() {
        return splitSince;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    @Override
    public synchronized void memberRemoved(MembershipEvent event) {
        boolean wasWhole = event.getMembers().size() + 1 >= expectedSize;
        if (wasWhole || splitSince == UNKNOWN) {
            long since = System.currentTimeMillis() - silenceMillis;
            splitSince = since - Math.floorMod(since, 1000L);
        }
    }
}
