package io.snapgrid.node.control;

import io.snapgrid.node.control.LeaderFailover.Disruption;
import io.snapgrid.node.control.LeaderFailover.Result;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGSTOP of the leader: the others replace it once the failure detector gives up on it, and when it resumes
 * with its stale picture it neither claims to lead nor gets an action accepted under its old epoch.
 */
class ControlFreezeIT {

    /** Past three lease checks, the longest a resumed leader could go on believing its lease, with a margin. */
    private static final Duration WATCH_AFTER_RESUME = LeaderFailover.CHECK_INTERVAL.multipliedBy(3).plusSeconds(4);
    /**
     * Only a heartbeat timeout detects a frozen member, and the two survivors judge each other by the same one: in
     * CI one survivor went 8 s without a heartbeat while the machine was busy, the other dropped it, and neither
     * had a majority left. Loose, so the test is about fencing, not about a stall on two shared cores.
     */
    private static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(15);

    /** Kept when the test fails: it holds every node's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aFrozenLeaderIsReplacedAndStaysQuietWhenItResumes() throws InterruptedException {
        try (PackagedCluster cluster = LeaderFailover.startCluster(work, MAX_NO_HEARTBEAT)) {
            Result failover = LeaderFailover.disruptLeader(cluster, Disruption.FREEZE);
            System.out.println("control failover: " + failover + " (max-no-heartbeat "
                    + MAX_NO_HEARTBEAT.toSeconds() + " s)");
            assertTrue(failover.newLeader().epoch() > failover.oldLeader().epoch(), failover.toString());

            PackagedNode old = cluster.node(failover.oldSlot());
            long resumed = System.currentTimeMillis();
            old.resume();
            int polls = 0;
            while (System.currentTimeMillis() - resumed < WATCH_AFTER_RESUME.toMillis()) {
                assertFalse(ControlStatus.of(old).localLeading(), "the resumed old leader says it leads");
                polls++;
                Thread.sleep(250);
            }
            System.out.printf("resumed the old leader %d ms after the freeze; it said it does not lead in all %d polls"
                    + " over %d s%n", resumed - failover.disruptedMillis(), polls, WATCH_AFTER_RESUME.toSeconds());

            assertEquals(Optional.of(failover.newLeader()), LeaderFailover.agreedLeader(cluster, failover.survivors()));
            long oldEpoch = failover.oldLeader().epoch();
            List<ActionRecord> actions = ActionLog.read(cluster, failover.survivors());
            assertEquals(List.of(), actions.stream()
                            .filter(action -> action.epoch() == oldEpoch
                                    && action.startedMillis() >= failover.newLeader().sinceMillis())
                            .toList(),
                    "actions of epoch " + oldEpoch + " accepted after epoch " + failover.newLeader().epoch() + " began");
            assertTrue(actions.stream().anyMatch(action -> action.epoch() == oldEpoch),
                    "the log should hold the old leader's actions from before the freeze");
            ActionLog.assertOneLeaderAtATime(actions);
        }
    }
}
