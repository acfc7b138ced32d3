package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.health.ClusterSafety;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each member keeps its commit log on a volume of its own, and one member is lost together with it: the strong
 * writes it acknowledged but had not rolled into deltas yet survive only in the backups of the members that stay.
 * Once the cluster reports safe again, those members have made them durable, so a cluster started afresh on the
 * same snapshot root reads every acknowledged write back with its last value.
 */
@Tag("cluster")
class MemberLostWithItsLogTest {

    private static final int KEYS = 3000;
    private static final String MAP = "inventory.nodes";

    @Test
    void strongWritesSurviveAMemberLostWithItsCommitLog() throws IOException {
        Path root = Files.createTempDirectory("snapgrid-lost-log");
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            logs.add(Files.createTempDirectory("snapgrid-lost-log-member" + i));
        }
        Map<String, String> acknowledged = new HashMap<>();
        try (TestCluster cluster = TestCluster.start(3, root, List.of(),
                node -> List.of("--snapshots.commit-log.root=" + logs.get(node)),
                "--snapshots.commit-log.roll-interval=1h")) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            for (int version = 1; version <= 2; version++) {
                // The second round overwrites every third key, so "last value" is checked, not just presence.
                Map<String, GenericRecord> batch = new HashMap<>();
                for (int i = 0; i < KEYS; i += version == 1 ? 1 : 3) {
                    String hostname = "v" + version + "-nid" + i;
                    batch.put(key(i), DurableTesting.node(hostname, "Ready"));
                    acknowledged.put(key(i), hostname);
                }
                map.putAll(batch);
            }

            cluster.crash(2);
            DurableTesting.loseVolume(logs.get(2));
            await("the survivors see the member gone").until(() -> cluster.member(0).getCluster().getMembers()
                    .size() == 2 && cluster.member(1).getCluster().getMembers().size() == 2);
            Instant gone = Instant.now();
            for (int member = 0; member < 2; member++) {
                ClusterSafety safety = cluster.bean(member, ClusterSafety.class);
                // Hazelcast's safety check can wait a minute or more on a member that just died (ClusterSafety).
                await("member " + member + " reports the cluster safe").atMost(Duration.ofMinutes(5))
                        .until(() -> safety.last() != null
                        && safety.last().checkedAt().isAfter(gone) && safety.last().safe());
            }
        }

        List<String> freshLogs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            freshLogs.add("--snapshots.commit-log.root=" + Files.createTempDirectory("snapgrid-lost-log-fresh" + i));
        }
        try (TestCluster restarted = TestCluster.start(3, root, List.of(), node -> List.of(freshLogs.get(node)))) {
            HazelcastInstance member = restarted.member(0);
            IMap<String, GenericRecord> map = member.getMap(MAP);
            Map<String, String> restored = new HashMap<>();
            map.getAll(acknowledged.keySet()).forEach((key, value) -> restored.put(key, value.getString("hostname")));
            assertEquals(acknowledged, restored);
        }
    }

    private static String key(int i) {
        return "x1000c" + (i / 1000) + "s" + (i % 1000) + "b0n0";
    }
}
