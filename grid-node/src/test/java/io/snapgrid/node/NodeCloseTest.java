package io.snapgrid.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A closed node leaves no member behind. The node's scheduled work (job supervision here, every 10 ms) resolves its
 * bean on each run; a run that came after the bean and its member were destroyed created both again, and the new
 * member joined the cluster after its node had gone (seen as a fourth member in a three-member roll).
 */
class NodeCloseTest {

    @Test
    void scheduledWorkDuringCloseStartsNoNewMember() {
        String cluster;
        try (TestCluster node = TestCluster.start(1, "--control.job-supervision.interval=10ms")) {
            cluster = node.clusterName();
            await("the node's member running").until(() -> !members(cluster).isEmpty());
        }
        List<HazelcastInstance> left = members(cluster);
        // A scheduled run late in the close would start its member within a few intervals; give it 100 of them.
        for (int i = 0; i < 100 && left.isEmpty(); i++) {
            sleep();
            left = members(cluster);
        }
        left.forEach(member -> member.getLifecycleService().terminate());
        assertEquals(List.of(), left, "members of the closed node");
    }

    private static List<HazelcastInstance> members(String cluster) {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(member -> member.getConfig().getClusterName().equals(cluster)).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
