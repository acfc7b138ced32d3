package io.snapgrid.node.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Firewall;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2|1 partition of a cluster expected to have 3 members, made by cutting the members' real TCP links: only the
 * majority side leads, no two members ever hold a valid epoch at the same time, and once the links are back and
 * Hazelcast has merged the sides, all three agree on one leader.
 */
@Tag("cluster")
class ControlSplitBrainTest {

    private static final String[] FLAGS = {
            "--cluster.expected-size=3",
            "--cluster.failure-detector.heartbeat-interval=1s",
            "--cluster.failure-detector.max-no-heartbeat=5s",
            "--control.check-interval=1s",
            // Hazelcast looks for other clusters to merge with every few seconds, rather than every few minutes.
            "--cluster.hazelcast-properties.hazelcast.merge.first.run.delay.seconds=2",
            "--cluster.hazelcast-properties.hazelcast.merge.next.run.delay.seconds=2"};

    enum Isolated { LEADER, FOLLOWER }

    @ParameterizedTest
    @EnumSource(Isolated.class)
    void onlyTheMajorityLeadsAndTheMergedClusterAgreesOnOneLeader(Isolated isolated) {
        try (TestCluster cluster = TestCluster.start(3, List.of(Firewall.nodeContext()), FLAGS);
             LeaderWatch watch = new LeaderWatch(cluster)) {
            int leader = ControlState.awaitSingleLeader(cluster);
            // A split while partitions still migrate to the members that just joined loses them outright.
            await("every partition has its backups").until(() -> IntStream.range(0, 3)
                    .allMatch(i -> cluster.member(i).getPartitionService().isClusterSafe()));
            long epoch = ControlState.epoch(cluster, leader);
            int lonely = isolated == Isolated.LEADER ? leader : (leader + 1) % 3;
            List<Integer> majority = IntStream.range(0, 3).filter(i -> i != lonely).boxed().toList();

            majority.forEach(i -> Firewall.cut(cluster.member(lonely), cluster.member(i)));
            await("each side dropped the other").until(() -> clusterSize(cluster, lonely) == 1
                    && majority.stream().allMatch(i -> clusterSize(cluster, i) == 2));
            await("one majority member leads").until(() -> {
                List<Integer> leading = ControlState.leading(cluster);
                return leading.size() == 1 && majority.contains(leading.get(0));
            });
            int majorityLeader = ControlState.leading(cluster).get(0);
            if (isolated == Isolated.FOLLOWER) {
                assertEquals(leader, majorityLeader, "losing a follower does not move leadership");
                assertEquals(epoch, ControlState.epoch(cluster, majorityLeader));
            } else {
                assertTrue(ControlState.epoch(cluster, majorityLeader) > epoch, "the new leader claimed a newer epoch");
            }
            JsonNode lonelyStatus = ControlState.status(cluster, lonely);
            assertFalse(lonelyStatus.path("localLeading").asBoolean(), lonelyStatus::toString);
            assertFalse(lonelyStatus.hasNonNull("leader"), lonelyStatus::toString);
            assertTrue(lonelyStatus.path("error").asText().startsWith("control state unreadable here"),
                    lonelyStatus::toString);

            majority.forEach(i -> Firewall.restore(cluster.member(lonely), cluster.member(i)));
            await("the sides merged").until(() -> IntStream.range(0, 3).allMatch(i -> clusterSize(cluster, i) == 3));
            await("all three members report the one member that leads").until(() -> agreeOnOneLeader(cluster));
            watch.assertNeverTwoLeaders();
        }
    }

    private static int clusterSize(TestCluster cluster, int index) {
        return cluster.member(index).getCluster().getMembers().size();
    }

    private static boolean agreeOnOneLeader(TestCluster cluster) {
        List<Integer> leading = ControlState.leading(cluster);
        if (leading.size() != 1) {
            return false;
        }
        int leader = leading.get(0);
        // Read once: the lease may lapse between two reads while the merged cluster rebalances.
        OptionalLong epoch = cluster.bean(leader, ControlLeadership.class).validEpoch();
        String expected = ControlState.status(cluster, leader).path("localMember").asText() + "@" + epoch.orElse(-1);
        Set<String> reported = IntStream.range(0, cluster.size())
                .mapToObj(i -> ControlState.status(cluster, i).path("leader"))
                .map(record -> record.path("member").asText() + "@" + record.path("epoch").asLong())
                .collect(Collectors.toSet());
        return reported.equals(Set.of(expected));
    }
}
