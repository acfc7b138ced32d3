package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.InterceptorRegistry;
import com.hazelcast.map.impl.MapService;
import io.snapgrid.node.MemberInternals;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.snapgrid.node.durability.DurableTesting.json;
import static org.awaitility.Awaitility.await;
import static io.snapgrid.node.durability.DurableTesting.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weak map's value that is not a record of its schema cannot be written to Parquet: it is logged, counted and
 * left in memory, and the rest of the flush, and every later one, goes on (hazelcast#7762).
 */
class UnstorableRecordTest {

    private static final String STRINGS = "stats.unstorable.strings";
    private static final String COMPONENTS = "stats.unstorable.components";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)   // a flush that never ends fails the test instead of hanging it
    void anUnstorableValueIsCountedAndKeptInMemoryWhileTheGoodOnesAreStored() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-unstorable");
        // A family class: every map under stats.unstorable. holds nodes. Flushed only when the test says so.
        String[] flags = DurableTesting.nodeClass("unstorable", "stats.unstorable.", "weak",
                DurableTesting.nodeSchemaFile(root), "snapshot-interval=1h");
        try (TestCluster cluster = TestCluster.start(1, root, List.of(), flags)) {
            IMap<String, Object> strings = cluster.client().getMap(STRINGS);
            IMap<String, Object> components = cluster.client().getMap(COMPONENTS);
            withoutShapeGuard(cluster.member(0), STRINGS);
            withoutShapeGuard(cluster.member(0), COMPONENTS);
            Map<String, JsonNode> good = new TreeMap<>();
            for (int i = 0; i < 20; i++) {
                GenericRecord value = node("h" + i, "Ready");
                strings.set("k" + i, value);
                components.set("k" + i, value);
                good.put("k" + i, json(value));
                if (i == 9) {
                    strings.set("bad", "not a node");
                    components.set("bad", DurableTesting.component("Memory", "x1000c0s0b0n0"));
                }
            }
            strings.flush();
            components.flush();

            DurableTesting.assertSameEntries("stored strings map", good, DurableTesting.restored(root, STRINGS));
            DurableTesting.assertSameEntries("stored components map", good,
                    DurableTesting.restored(root, COMPONENTS));
            assertEquals("not a node", strings.get("bad"), "the unstorable value stays in memory");
            assertEquals(DurableTesting.COMPONENT.toJson(DurableTesting.component("Memory", "x1000c0s0b0n0")),
                    DurableTesting.COMPONENT.toJson((GenericRecord) components.get("bad")));
            for (String map : List.of(STRINGS, COMPONENTS)) {
                assertEquals(1.0, DurableTesting.count(cluster, "snapgrid.snapshots.unstorable", map), map);
                assertEquals(0.0, DurableTesting.count(cluster, "snapgrid.snapshots.flush.failures", map), map);
            }
            String metrics = new Http(cluster.restUrl(0)).get("/prometheus").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("snapgrid_snapshots_unstorable_total{")
                    && line.contains("map=\"" + STRINGS + "\"") && line.endsWith(" 1.0")), metrics);

            // The queue is not held up: later changes are stored, and the bad entry is not tried again.
            GenericRecord later = node("later", "Off");
            strings.set("later", later);
            strings.delete("k0");
            strings.flush();
            good.put("later", json(later));
            good.remove("k0");
            DurableTesting.assertSameEntries("stored after a later flush", good,
                    DurableTesting.restored(root, STRINGS));
            assertEquals(0, cluster.member(0).getMap(STRINGS).getLocalMapStats().getDirtyEntryCount());
            assertEquals(1.0, DurableTesting.count(cluster, "snapgrid.snapshots.unstorable", STRINGS));
        }
    }

    /**
     * Members refuse a write that does not match the map's schema (RecordShapeInterceptor), even an entry
     * processor's. What the store can still meet is a value written in the moment before a new map's interceptor is
     * registered; this takes the interceptor away once it is there, so that moment lasts the whole test.
     */
    private static void withoutShapeGuard(HazelcastInstance member, String map) {
        member.getMap(map); // created here, so the node registers the interceptor
        MapService service = MemberInternals.nodeEngine(member).getService(MapService.SERVICE_NAME);
        InterceptorRegistry registry = service.getMapServiceContext().getMapContainer(map).getInterceptorRegistry();
        await().atMost(Duration.ofSeconds(30)).until(() -> !registry.getInterceptors().isEmpty());
        List.copyOf(registry.getId2InterceptorMap().keySet()).forEach(id -> member.getMap(map).removeInterceptor(id));
    }
}
