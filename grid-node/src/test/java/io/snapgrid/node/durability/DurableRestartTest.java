package io.snapgrid.node.durability;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cluster stopped gracefully comes back from its snapshots with every strong and weak change. */
@Tag("cluster")
class DurableRestartTest {

    @Test
    void aGracefullyStoppedClusterRestoresStrongAndWeakMaps() throws IOException {
        Path root = Files.createTempDirectory("snapgrid-restart");
        Path schema = root.resolveSibling(root.getFileName() + "-node.avsc");
        try (InputStream avsc = DurableRestartTest.class.getResourceAsStream("/snapgrid/schemas/node.avsc")) {
            Files.copy(avsc, schema);
        }
        String[] weakClass = {"--storage-classes.stats-test.match=stats.test",
                "--storage-classes.stats-test.durability=weak", "--storage-classes.stats-test.snapshot-interval=1s",
                "--storage-classes.stats-test.schema=" + schema};
        Map<String, String> nodes = new HashMap<>();
        Map<String, String> stats = new HashMap<>();
        try (TestCluster first = TestCluster.start(3, root, List.of(), weakClass)) {
            for (int i = 0; i < 200; i++) {
                String key = "x1000c0s" + i + "b0n0";
                String body = Records.node("nid" + i, i % 2 == 0 ? "Ready" : "Off");
                assertEquals(201, new Http(first.restUrl(i % 3)).put("/v1/maps/inventory.nodes/entries/" + key, body).status());
                nodes.put(key, body);
            }
            assertEquals(204, new Http(first.restUrl(0)).delete("/v1/maps/inventory.nodes/entries/x1000c0s7b0n0").status());
            nodes.remove("x1000c0s7b0n0");
            HazelcastInstance client = first.client();
            IMap<String, GenericRecord> weak = client.getMap("stats.test");
            RecordType type = nodeType();
            for (int i = 0; i < 100; i++) {
                String json = Records.node("w" + i, "Ready");
                weak.put("k" + i, type.toCompact(Http.JSON.readTree(json)));
                stats.put("k" + i, json);
            }
        }
        try (TestCluster second = TestCluster.start(3, root, List.of(), weakClass)) {
            Http http = new Http(second.restUrl(2));
            IMap<String, GenericRecord> restored = second.member(1).getMap("inventory.nodes");
            assertEquals(nodes.size(), restored.size());
            for (Map.Entry<String, String> node : nodes.entrySet()) {
                assertEquals(Http.JSON.readTree(node.getValue()),
                        http.get("/v1/maps/inventory.nodes/entries/" + node.getKey()).json());
            }
            assertNull(restored.get("x1000c0s7b0n0"));
            IMap<String, GenericRecord> weak = second.client().getMap("stats.test");
            assertEquals(stats.size(), weak.size());
        }
    }

    /**
     * Hazelcast only logs a failed initial load and serves the map empty, and only one member lists the keys: every
     * member must still refuse, naming the damaged file, rather than become ready with an empty map.
     */
    @Test
    void noMemberBecomesReadyOverADamagedSnapshot() throws IOException {
        Path root = Files.createTempDirectory("snapgrid-damaged");
        try (TestCluster first = TestCluster.start(3, root, List.of())) {
            for (int i = 0; i < 50; i++) {
                assertEquals(201, new Http(first.restUrl(i % 3)).put("/v1/maps/inventory.nodes/entries/x1000c0s" + i
                        + "b0n0", Records.node("nid" + i, "Ready")).status());
            }
        }
        List<SnapshotManifest> manifests = new SnapshotCatalog(new FileSystemSnapshotStorage(root))
                .manifests("inventory.nodes");
        String damaged = manifests.get(manifests.size() - 1).files().get(0).path();
        byte[] bytes = Files.readAllBytes(root.resolve(damaged));
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(root.resolve(damaged), bytes);
        try (TestCluster second = TestCluster.start(3, root, List.of())) {
            for (int member = 0; member < 3; member++) {
                InitialLoad load = second.bean(member, InitialLoad.class);
                await("member " + member + " refuses the restore").until(() -> load.pending() != null
                        && load.pending().startsWith("failed:"));
                assertTrue(load.pending().contains(damaged), load.pending());
            }
        }
    }

    private static RecordType nodeType() throws IOException {
        try (InputStream avsc = DurableRestartTest.class.getResourceAsStream("/snapgrid/schemas/node.avsc")) {
            return RecordType.load(avsc);
        }
    }
}
