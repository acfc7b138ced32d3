package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.snapgrid.node.durability.DurableTesting.json;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node flushes its weak maps' write-behind queues before it leaves (hazelcast#12874). Hazelcast 5.7 stores what
 * its queues still hold at a graceful shutdown itself, but partition by partition: one delta file per partition
 * (262 for these 300 entries when tried with Hazelcast's default 271 partitions; still some 70 with the 71 partitions
 * of the tests' JVMs, well above the bound below). The node's flush writes them in a few deltas per member.
 */
@Tag("cluster")
class ShutdownFlushTest {

    private static final String MAP = "stats.leave";

    @Test
    void aClusterClosedBeforeItsSnapshotIntervalKeepsEveryWeakWrite() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-leave");
        String[] flags = DurableTesting.nodeClass("leave", MAP, "weak", DurableTesting.nodeSchemaFile(root),
                "snapshot-interval=60s");
        Map<String, JsonNode> written = new TreeMap<>();
        // No compaction while the first cluster runs, so that the deltas its shutdown wrote can be counted.
        try (TestCluster first = TestCluster.start(2, root, List.of(),
                concat(flags, "--control.snapshot-coordination.interval=1h"))) {
            IMap<String, GenericRecord> map = first.client().getMap(MAP);
            for (int i = 0; i < 300; i++) {
                GenericRecord value = node("h" + i, i % 3 == 0 ? "Off" : "Ready");
                map.set("k" + i, value);
                written.put("k" + i, json(value));
            }
            map.delete("k0");
            written.remove("k0");
        }
        DurableTesting.assertSameEntries("stored when the cluster has left", written,
                DurableTesting.restored(root, MAP));
        int deltas = new SnapshotCatalog(new FileSystemSnapshotStorage(root)).manifests(MAP).size();
        // A flush is stored by each member's write-behind worker, in a round or two, one delta per kind of change
        // (upserts, deletions); Hazelcast's own store at shutdown writes a delta per partition instead.
        assertTrue(deltas <= 12, deltas + " deltas: not flushed before leaving, but by partition at shutdown");
        try (TestCluster second = TestCluster.start(2, root, List.of(), flags)) {
            second.awaitReady();
            IMap<String, GenericRecord> map = second.client().getMap(MAP);
            Map<String, JsonNode> restored = new TreeMap<>();
            map.forEach((key, value) -> restored.put(key, json(value)));
            DurableTesting.assertSameEntries("restored", written, restored);
        }
    }

    private static String[] concat(String[] flags, String flag) {
        String[] all = Arrays.copyOf(flags, flags.length + 1);
        all[flags.length] = flag;
        return all;
    }
}
