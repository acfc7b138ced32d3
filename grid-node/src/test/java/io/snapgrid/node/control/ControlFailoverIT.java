package io.snapgrid.node.control;

import io.snapgrid.node.control.LeaderFailover.Disruption;
import io.snapgrid.node.control.LeaderFailover.Result;
import io.snapgrid.node.testing.PackagedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGKILL of the leader of three packaged nodes: exactly one survivor takes over, under a newer epoch. */
class ControlFailoverIT {

    /** Kept when the test fails: it holds every node's log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aKilledLeaderIsSucceededByOneSurvivorUnderANewerEpoch() {
        try (PackagedCluster cluster = LeaderFailover.startCluster(work)) {
            Result failover = LeaderFailover.disruptLeader(cluster, Disruption.KILL);
            System.out.println("control failover: " + failover);

            assertTrue(failover.newLeader().epoch() > failover.oldLeader().epoch(), failover.toString());
            assertEquals(Optional.of(failover.newLeader()), LeaderFailover.agreedLeader(cluster, failover.survivors()));
            int successor = cluster.slotOf(failover.newLeader().address());
            assertTrue(ControlStatus.of(cluster.node(successor))
                    .dutyRanUnder(failover.newLeader().epoch(), failover.disruptedMillis()));

            List<ActionRecord> actions = ActionLog.read(cluster, failover.survivors());
            assertTrue(actions.stream().map(ActionRecord::epoch).toList()
                            .containsAll(List.of(failover.oldLeader().epoch(), failover.newLeader().epoch())),
                    "the log should hold actions of both leaders");
            ActionLog.assertOneLeaderAtATime(actions);
        }
    }
}
