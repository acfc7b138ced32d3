package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.snapgrid.node.durability.DurableTesting.json;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strong class may evict entries from memory: a read of an evicted key loads its stored value, from the deltas
 * a roll wrote or from the live commit log, whichever is newer, and a deleted key stays deleted.
 */
class EvictedEntriesTest {

    private static final String MAP = "inventory.evicting";
    /**
     * Fewer than the 400 keys written, whatever the partition count: Hazelcast keeps about max-size / partitions
     * entries per partition (one with its default 271 partitions, three or four with the tests' 71).
     */
    private static final int MAX_SIZE = 271;

    @Test
    void anEvictedEntryLoadsBackFromTheSnapshotsOrTheCommitLog() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-evict");
        String[] flags = DurableTesting.nodeClass("evicting", MAP, "strong", DurableTesting.nodeSchemaFile(root),
                "eviction=LRU", "max-size=" + MAX_SIZE);
        String[] all = new String[flags.length + 1];
        System.arraycopy(flags, 0, all, 0, flags.length);
        all[flags.length] = "--snapshots.commit-log.roll-interval=1h";   // the test rolls
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), all)) {
            IMap<String, GenericRecord> map = cluster.client().getMap(MAP);
            Map<String, JsonNode> stored = new TreeMap<>();
            for (int i = 0; i < 300; i++) {
                GenericRecord value = node("rolled" + i, "Ready");
                map.set("e" + i, value);
                stored.put("e" + i, json(value));
            }
            SnapshotMapStores stores = cluster.bean(0, SnapshotMapStores.class);
            assertFalse(stores.rollLog().isEmpty(), "the first 300 are in a delta now, and no longer in the log");

            GenericRecord updated = node("updated-after-the-roll", "Off");
            map.set("e1", updated);                               // the delta has the old value, the log the new
            stored.put("e1", json(updated));
            map.delete("e2");                                     // the delta has it, the log has its tombstone
            stored.remove("e2");
            for (int i = 0; i < 100; i++) {
                GenericRecord value = node("logged" + i, "Ready");
                map.set("f" + i, value);                          // only in the live commit log
                stored.put("f" + i, json(value));
            }
            long inMemory = cluster.member(0).getMap(MAP).getLocalMapStats().getOwnedEntryCount();
            assertTrue(inMemory < stored.size(), "entries were evicted: " + inMemory + " of " + stored.size());

            for (String key : List.of("e0", "e1", "f0")) {
                map.evict(key);
                assertEquals(stored.get(key), json(map.get(key)), key);
            }
            map.evict("e2");
            assertNull(map.get("e2"), "a deleted key stays deleted");
            assertNull(map.get("never-written"));
            map.evict("e3");
            assertEquals(stored.get("e3"), json(map.put("e3", node("replaced", "Off"))),
                    "put returns the stored value of an evicted entry");
            stored.put("e3", json(node("replaced", "Off")));

            Map<String, JsonNode> read = new TreeMap<>();
            for (String key : stored.keySet()) {
                GenericRecord value = map.get(key);
                if (value != null) {
                    read.put(key, json(value));
                }
            }
            DurableTesting.assertSameEntries("every key read back", stored, read);
        }
    }
}
