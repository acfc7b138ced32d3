package io.snapgrid.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Await;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A member that dies without a graceful shutdown takes nothing of a backups: 1 class with it. */
class MemberCrashTest {

    @Test
    void killingOneOfThreeMembersLosesNoEntry() {
        try (TestCluster cluster = TestCluster.start(3, "--demo.nodes=3000", "--demo.seed=7")) {
            HazelcastInstance client = cluster.client();
            Await.until("demo inventory loaded", () ->
                    new Http(cluster.restUrl(0)).get("/health/readiness").status() == 200
                            && client.getMap("inventory.nodes").size() == 3000);
            IMap<String, GenericRecord> nodes = client.getMap("inventory.nodes");
            IMap<String, GenericRecord> components = client.getMap("inventory.components");
            Map<String, GenericRecord> before = new HashMap<>(nodes.getAll(nodes.keySet()));
            int componentsBefore = components.size();
            Await.until("backups in sync", () -> cluster.member(0).getPartitionService().isClusterSafe());

            cluster.crash(1);

            Await.until("the survivors see two members",
                    () -> cluster.member(0).getCluster().getMembers().size() == 2);
            assertEquals(3000, nodes.size());
            assertEquals(before, nodes.getAll(before.keySet()));
            assertEquals(componentsBefore, components.size());
        }
    }
}
