package io.snapgrid.node.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.testing.PackagedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SIGKILL of one of three packaged nodes loses no entry of a class with backups: 1. */
class MemberKillIT {

    @TempDir
    Path work;

    @Test
    void sigkillOfOneMemberLosesNoEntry() {
        String clusterName = "it-" + UUID.randomUUID();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add("127.0.0.1:" + FreePorts.take());
        }
        List<PackagedNode> nodes = new ArrayList<>();
        ClientConfig clientConfig = new ClientConfig().setClusterName(clusterName);
        clientConfig.getNetworkConfig().setAddresses(addresses);
        HazelcastInstance client = null;
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(PackagedNode.start(work.resolve("node-" + i), "node-" + i, FreePorts.take(), List.of(
                        "--cluster.name=" + clusterName,
                        "--cluster.member-port=" + addresses.get(i).split(":")[1],
                        "--cluster.members=" + String.join(",", addresses),
                        "--cluster.min-size=3",
                        "--demo.nodes=5000")));
            }
            nodes.forEach(PackagedNode::awaitReady);
            client = HazelcastClient.newHazelcastClient(clientConfig);
            IMap<String, GenericRecord> inventory = client.getMap("inventory.nodes");
            IMap<String, GenericRecord> components = client.getMap("inventory.components");
            assertEquals(5000, inventory.size());
            Map<String, GenericRecord> before = new HashMap<>(inventory.getAll(inventory.keySet()));
            int componentsBefore = components.size();
            await("backups in sync")
                    .until(() -> nodes.get(1).http().get("/v1/cluster").json().path("safe").asBoolean());

            nodes.get(0).kill();

            await("the survivors see two members")
                    .until(() -> nodes.get(1).http().get("/v1/cluster").json().path("members").size() == 2);
            assertEquals(5000, inventory.size());
            assertEquals(before, inventory.getAll(before.keySet()));
            assertEquals(componentsBefore, components.size());
        } finally {
            if (client != null) {
                client.shutdown();
            }
            nodes.forEach(PackagedNode::close);
        }
    }
}
