package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.context.ApplicationContext;
import io.snapgrid.node.testing.Await;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.snapgrid.node.durability.DurableTesting.json;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A weak store that fails does not keep a node from leaving, and the member that stays keeps the changes. */
class FailingStoreShutdownTest {

    private static final String MAP = "stats.leave";

    /**
     * Hazelcast retries a failing store forever, so a flush that waited for it would never return: the node gives up
     * once the store fails, and its graceful shutdown hands the write-behind queues to the member that stays, which
     * stores them once the store works again.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)   // a guard against a hang, not a measurement
    void aNodeLeavesWhileItsWeakStoreFailsAndTheOtherKeepsItsChanges() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-leave-failing");
        String[] flags = DurableTesting.nodeClass("leave", MAP, "weak", DurableTesting.nodeSchemaFile(root),
                "snapshot-interval=1s");
        try (TestCluster cluster = TestCluster.start(2, root, List.of(), flags)) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            map.set("first", node("first", "Ready"));
            map.flush();
            Path mapDirectory = root.resolve("map=" + MAP);
            Path aside = root.resolve("aside");
            Files.move(mapDirectory, aside);
            Files.writeString(mapDirectory, "not a directory");   // root ignores permissions; a file in the way
            Map<String, JsonNode> written = new TreeMap<>(Map.of("first", json(node("first", "Ready"))));
            // Two changes on each node, so that the store fails on the node that leaves.
            for (String key : keysOwnedByEach(cluster, 2)) {
                GenericRecord value = node(key, "Ready");
                map.set(key, value);
                written.put(key, json(value));
            }
            Await.until("flushes of " + MAP + " fail on the node that leaves", () ->
                    cluster.bean(0, DurabilityEvents.class).flushFailures(MAP) > 0);

            cluster.bean(0, ApplicationContext.class).close();

            Files.delete(mapDirectory);
            Files.move(aside, mapDirectory);
            IMap<String, GenericRecord> remaining = cluster.member(1).getMap(MAP);
            remaining.flush();
            assertEquals(0, remaining.getLocalMapStats().getDirtyEntryCount());
            DurableTesting.assertSameEntries("stored", written, DurableTesting.restored(root, MAP));
        }
    }

    private static List<String> keysOwnedByEach(TestCluster cluster, int perNode) {
        List<String> keys = new ArrayList<>();
        int[] owned = new int[cluster.size()];
        for (int i = 0; keys.size() < perNode * cluster.size(); i++) {
            String key = "k" + i;
            for (int node = 0; node < cluster.size(); node++) {
                boolean local = cluster.member(node).getPartitionService().getPartition(key).getOwner().localMember();
                if (local && owned[node] < perNode) {
                    owned[node]++;
                    keys.add(key);
                }
            }
        }
        return keys;
    }
}
