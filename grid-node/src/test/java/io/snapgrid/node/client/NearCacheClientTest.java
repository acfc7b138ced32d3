package io.snapgrid.node.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nearcache.NearCacheStats;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.sql.SqlResult;
import io.snapgrid.client.ClientSettings;
import io.snapgrid.client.SnapgridClient;
import io.snapgrid.client.SnapgridMaps;
import io.snapgrid.client.records.Node;
import io.snapgrid.node.bench.NearCacheBenchmark;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client kit against a real node: the calls docs/java-client.md shows work, writes made over REST and by another
 * client reach its near cache through the members' invalidations, and the same client carries on across a restart
 * of its member. The delays are
 * printed (the bound is the members' 1 s invalidation batch interval, docs/java-client.md#near-cache); what is
 * asserted is that every write is seen, and that the reads really were served from the near cache meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCacheClientTest {

    private static final String MAP = "inventory.nodes";
    private static final int ROUNDS = 5;
    private static final int KEYS_PER_WRITER = 10;

    static TestCluster cluster;
    static Http rest;
    static HazelcastInstance reader;
    static HazelcastInstance writer;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1);
        rest = new Http(cluster.restUrl(0));
        awaitReady();
        reader = SnapgridClient.connect(ClientSettings.members(cluster.clusterName(), cluster.memberAddresses()));
        writer = cluster.client();
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.shutdown();
        }
        cluster.close();
    }

    @Test
    @Order(0)
    void theKitsClientQueriesWithSqlAndListensToChangesAsDocumented() {
        IMap<String, Node> nodes = new SnapgridMaps(reader).nodes();
        String key = "x3002c0s0b0n0";
        putOverRest(key, "sql-and-listen");
        try (SqlResult rows = reader.getSql().execute(
                "SELECT __key, hostname FROM \"inventory.nodes\" WHERE state = ? AND role = ? AND hostname = ?",
                "Ready", "Compute", "sql-and-listen")) {
            List<String> keys = new ArrayList<>();
            rows.forEach(row -> keys.add(row.getObject("__key")));
            assertEquals(List.of(key), keys);
        }
        List<String> states = new CopyOnWriteArrayList<>();
        UUID listener = nodes.addEntryListener((EntryUpdatedListener<String, Node>) event -> {
            if (event.getKey().equals(key)) {
                states.add(event.getValue().state().name());
            }
        }, true);
        try {
            IMap<String, GenericRecord> generic = writer.getMap(MAP);
            GenericRecord node = generic.get(key);
            generic.set(key, node.newBuilderWithClone().setString("state", "Standby").build());
            await("the listener hears of the change").until(() -> states.contains("Standby"));
        } finally {
            nodes.removeEntryListener(listener);
        }
    }

    @Test
    @Order(1)
    void everyWriteThroughRestOrAnotherClientReachesTheNearCachedReader() {
        IMap<String, Node> cached = new SnapgridMaps(reader).nodes();
        IMap<String, GenericRecord> written = writer.getMap(MAP);
        List<String> restKeys = keys("x3000c0s%db0n0");
        List<String> clientKeys = keys("x3000c1s%db0n0");
        List<String> allKeys = concat(restKeys, clientKeys);
        for (String key : allKeys) {
            putOverRest(key, hostname(key, -1));
            assertEquals(hostname(key, -1), cached.get(key).hostname());
        }
        NearCacheStats nearCache = cached.getLocalMapStats().getNearCacheStats();
        // A write's invalidation may arrive after the reader has cached the new value, and drops it again.
        await("every key is in the near cache").until(() -> {
            allKeys.forEach(cached::get);
            return nearCache.getOwnedEntryCount() == allKeys.size();
        });
        long hitsBefore = nearCache.getHits();

        List<Long> restDelays = new ArrayList<>();
        List<Long> clientDelays = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            // When each write was acknowledged: the delay is from then until the reader first returns the new value.
            Map<String, Long> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < KEYS_PER_WRITER; i++) {
                putOverRest(restKeys.get(i), hostname(restKeys.get(i), r));
                acknowledged.put(restKeys.get(i), System.nanoTime());
                String key = clientKeys.get(i);
                written.set(key, written.get(key).newBuilderWithClone()
                        .setString("hostname", hostname(key, r)).build());
                acknowledged.put(key, System.nanoTime());
            }
            await("round " + r + ": the reader sees every write").pollInterval(Duration.ofMillis(2)).until(() -> {
                acknowledged.entrySet().removeIf(write -> {
                    if (!hostname(write.getKey(), r).equals(cached.get(write.getKey()).hostname())) {
                        return false;
                    }
                    (restKeys.contains(write.getKey()) ? restDelays : clientDelays)
                            .add(System.nanoTime() - write.getValue());
                    return true;
                });
                return acknowledged.isEmpty();
            });
        }

        System.out.println("near-cached reader, from the write's acknowledgement until the reader saw it:");
        System.out.println(summary("REST writes", restDelays));
        System.out.println(summary("client writes", clientDelays));
        assertEquals(ROUNDS * KEYS_PER_WRITER, restDelays.size());
        assertEquals(ROUNDS * KEYS_PER_WRITER, clientDelays.size());
        assertTrue(nearCache.getHits() - hitsBefore > 0,
                "reads while a write was on its way were served by the near cache, or nothing was measured");
    }

    /** The near-cache benchmark's smoke run, on this class's node rather than one of its own. */
    @Test
    @Order(2)
    @Tag("benchmark")
    void theNearCacheBenchmarkRunsEveryCell() throws InterruptedException {
        NearCacheBenchmark.smoke(cluster);
    }

    @Test
    @Order(3)
    void theKitsClientCarriesOnAcrossARestartOfItsMember() {
        IMap<String, Node> cached = new SnapgridMaps(reader).nodes();
        String key = "x3001c0s0b0n0";
        putOverRest(key, "before-restart");
        assertEquals("before-restart", cached.get(key).hostname());

        cluster.restart(0);
        awaitReady();

        // inventory.nodes is durable (strong), so the restarted member restored the record.
        await("the same client reads again").ignoreExceptions()
                .until(() -> "before-restart".equals(cached.get(key).hostname()));
        putOverRest(key, "after-restart");
        await("the restarted member invalidates the reader's near cache")
                .until(() -> "after-restart".equals(cached.get(key).hostname()));
        assertTrue(reader.getLifecycleService().isRunning());
    }

    private static void awaitReady() {
        await("the node is ready").ignoreExceptions().until(() -> rest.get("/health/readiness").status() == 200);
    }

    private static void putOverRest(String key, String hostname) {
        Http.Reply reply = rest.put("/v1/maps/" + MAP + "/entries/" + key, Records.node(hostname, "Ready"));
        assertTrue(reply.status() == 200 || reply.status() == 201, reply::toString);
    }

    private static List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS_PER_WRITER; i++) {
            keys.add(pattern.formatted(i));
        }
        return keys;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String hostname(String key, int round) {
        return key + "-" + round;
    }

    private static String summary(String what, List<Long> delays) {
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "  %-13s n=%d  p50 %.0f ms  p99 %.0f ms  max %.0f ms", what, sorted.length,
                millis(sorted, 0.50), millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest rank. */
    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.max((int) Math.ceil(quantile * sorted.length), 1) - 1] / 1e6;
    }
}
