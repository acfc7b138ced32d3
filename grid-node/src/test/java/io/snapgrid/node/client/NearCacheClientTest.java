package io.snapgrid.node.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nearcache.NearCacheStats;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import com.hazelcast.sql.SqlResult;
import io.snapgrid.client.ClientSettings;
import io.snapgrid.client.SnapgridClient;
import io.snapgrid.client.SnapgridMaps;
import io.snapgrid.client.RecordShapeException;
import io.snapgrid.client.example.SnapgridExample;
import io.snapgrid.client.records.Arch;
import io.snapgrid.client.records.Bmc;
import io.snapgrid.client.records.Flag;
import io.snapgrid.client.records.Nic;
import io.snapgrid.client.records.Node;
import io.snapgrid.client.records.Role;
import io.snapgrid.client.records.SnapgridRecords;
import io.snapgrid.client.records.State;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client kit against a real node: the calls docs/java-client.md shows work, writes made over REST and by another
 * client reach its near cache through the members' invalidations, typed records round-trip through REST,
 * GenericRecord clients and a snapshot restore, the member normalises or refuses a client's incomplete record,
 * clients on two versions of a schema read each other's records, and the same client carries on across a restart
 * of its member. The delays are
 * printed (the bound is the members' 1 s invalidation batch interval, docs/java-client.md#near-cache); what is
 * asserted is that every write is seen, and that the reads really were served from the near cache meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCacheClientTest {

    private static final String MAP = "inventory.nodes";
    private static final int ROUNDS = 5;
    private static final int KEYS_PER_WRITER = 10;

    private static final String FULL_KEY = "x3004c0s0b0n0";
    private static final String SPARSE_KEY = "x3004c0s1b0n0";
    private static final String SHORT_KEY = "x3005c0s0b0n0";
    /** Locked, so that the control service's node-flag duty leaves it alone. */
    private static final Node FULL = Node.builder().hostname("uan01").arch(Arch.arm64).role(Role.Application)
            .subrole("UAN").state(State.Ready).flag(Flag.Locked).nid(42)
            .labels(Map.of("zone", "b", "rack", "x1001"))
            .bmc(new Bmc("x1001c0s0b0", "02:00:00:00:00:09", "10.1.0.9"))
            .nics(List.of(new Nic("hsn0", "02:00:00:00:01:09", List.of("10.2.0.9", "10.3.0.9")),
                    new Nic("mgmt0", "02:00:00:00:01:0a", List.of())))
            .bootImage("cos-2.6").kernelParameters("quiet").firmwareVersion("2.0.1").allocation("job-9")
            .lastHeartbeat(Instant.ofEpochMilli(1764806400123L)).build();
    /** Only what has no default; the builder fills in the rest as the schema says. */
    private static final Node SPARSE = Node.builder().hostname("spare").arch(Arch.x86_64).role(Role.Compute)
            .state(State.Off).nics(List.of()).build();

    static TestCluster cluster;
    /** The normalised record of {@link #SHORT_KEY}, to compare after the restart. */
    static Set<String> shortShape;
    static String shortJson;
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

    /** Every field of the generated types, nested and nullable ones, set and unset, through the kit, REST and GenericRecord. */
    @Test
    @Order(3)
    void kitRecordsRoundTripThroughRestAndGenericRecordClients() throws Exception {
        IMap<String, Node> nodes = new SnapgridMaps(reader).nodes();
        nodes.set(FULL_KEY, FULL);
        nodes.set(SPARSE_KEY, SPARSE);
        assertEquals(FULL, nodes.get(FULL_KEY));
        assertEquals(SPARSE, nodes.get(SPARSE_KEY));

        assertEquals(Http.JSON.readTree("""
                {"hostname": "uan01", "arch": "arm64", "role": "Application", "subrole": "UAN", "state": "Ready",
                 "flag": "Locked", "nid": 42, "labels": {"rack": "x1001", "zone": "b"},
                 "bmc": {"xname": "x1001c0s0b0", "mac": "02:00:00:00:00:09", "ip": "10.1.0.9"},
                 "nics": [{"name": "hsn0", "mac": "02:00:00:00:01:09", "ips": ["10.2.0.9", "10.3.0.9"]},
                          {"name": "mgmt0", "mac": "02:00:00:00:01:0a", "ips": []}],
                 "bootImage": "cos-2.6", "kernelParameters": "quiet", "firmwareVersion": "2.0.1",
                 "allocation": "job-9", "lastHeartbeat": 1764806400123}
                """), rest.get("/v1/maps/" + MAP + "/entries/" + FULL_KEY).json());
        JsonNode sparse = rest.get("/v1/maps/" + MAP + "/entries/" + SPARSE_KEY).json();
        assertTrue(sparse.get("bmc").isNull() && sparse.get("nid").isNull() && sparse.get("lastHeartbeat").isNull()
                && sparse.get("labels").isEmpty() && sparse.get("flag").asText().equals("OK"), sparse::toString);

        GenericRecord generic = writer.<String, GenericRecord>getMap(MAP).get(FULL_KEY);
        assertEquals("uan01", generic.getString("hostname"));
        assertEquals(42, generic.getNullableInt32("nid"));
        assertEquals(1764806400123L, generic.getNullableInt64("lastHeartbeat"));
        assertEquals("10.1.0.9", generic.getGenericRecord("bmc").getString("ip"));
        assertEquals(List.of("10.2.0.9", "10.3.0.9"),
                List.of(generic.getArrayOfGenericRecord("nics")[0].getArrayOfString("ips")));
        GenericRecord[] labels = generic.getArrayOfGenericRecord("labels");
        assertEquals(List.of("rack", "zone"), List.of(labels[0].getString("key"), labels[1].getString("key")));

        String restKey = "x3004c0s2b0n0";
        putOverRest(restKey, "from-rest");
        Node fromRest = nodes.get(restKey);
        assertEquals(Map.of("partition", "batch", "rack", "x1000"), fromRest.labels());
        assertEquals(new Bmc("x1000c0s0b0", "02:00:00:00:00:01", "10.1.0.1"), fromRest.bmc());
        assertEquals(List.of(new Nic("hsn0", "02:00:00:00:01:01", List.of("10.2.0.1")),
                new Nic("mgmt0", "02:00:00:00:01:02", List.of())), fromRest.nics());
        assertEquals(17, fromRest.nid());
        assertEquals(null, fromRest.subrole());
    }

    /** A GenericRecord that lacks defaulted fields is completed by the member; one lacking a required field refused. */
    @Test
    @Order(4)
    void aClientRecordLackingFieldsIsNormalisedOrRefusedByTheMember() {
        IMap<String, GenericRecord> generic = writer.getMap(MAP);
        generic.set(SHORT_KEY, shortNode().setString("hostname", "short").build());
        GenericRecord stored = generic.get(SHORT_KEY);
        assertEquals(FieldKind.STRING, stored.getFieldKind("flag"));
        assertEquals("OK", stored.getString("flag"));
        assertEquals(FieldKind.NULLABLE_INT64, stored.getFieldKind("lastHeartbeat"));
        GenericRecord[] labels = stored.getArrayOfGenericRecord("labels");
        assertEquals(List.of("rack", "zone"), List.of(labels[0].getString("key"), labels[1].getString("key")));
        shortShape = stored.getFieldNames();
        shortJson = rest.get("/v1/maps/" + MAP + "/entries/" + SHORT_KEY).body();

        RecordShapeException refused = assertThrows(RecordShapeException.class,
                () -> generic.set("x3005c0s1b0n0", shortNode().build()));
        assertTrue(refused.getMessage().contains("'hostname'") && refused.getMessage().contains(MAP),
                refused::getMessage);
        GenericRecordBuilder wrongKind = GenericRecordBuilder.compact(Node.TYPE_NAME).setInt32("hostname", 7);
        RecordShapeException kind = assertThrows(RecordShapeException.class,
                () -> generic.set("x3005c0s1b0n0", wrongKind.build()));
        assertTrue(kind.getMessage().contains("'hostname'"), kind::getMessage);
        assertEquals(null, generic.get("x3005c0s1b0n0"));
    }

    /**
     * A client on the next version of Node (one added, defaulted field) and the kit's client read each other's
     * records. In a map whose members know no schema both versions are kept as written; in inventory.nodes the
     * members' schema decides, so the field the members do not know yet is dropped on write.
     */
    @Test
    @Order(5)
    void clientsOnTwoVersionsOfASchemaReadEachOthersRecords() {
        ClientConfig config = SnapgridClient.config(ClientSettings.members(cluster.clusterName(),
                cluster.memberAddresses()));
        List<CompactSerializer<?>> serializers = new ArrayList<>(
                io.snapgrid.client.records.next.SnapgridRecords.serializers());
        Set<String> next = serializers.stream().map(CompactSerializer::getTypeName).collect(Collectors.toSet());
        SnapgridRecords.serializers().stream().filter(s -> !next.contains(s.getTypeName())).forEach(serializers::add);
        config.getSerializationConfig().getCompactSerializationConfig()
                .setSerializers(serializers.toArray(CompactSerializer<?>[]::new));
        HazelcastInstance newer = HazelcastClient.newHazelcastClient(config);
        try {
            IMap<String, Node> oldMap = reader.getMap("cache.evolution");
            IMap<String, io.snapgrid.client.records.next.Node> newMap = newer.getMap("cache.evolution");
            oldMap.set("old", FULL);
            // Where no member normalises it, the kit's record has exactly the form the members give FULL_KEY.
            assertSameCompactShape(writer.<String, GenericRecord>getMap(MAP).get(FULL_KEY),
                    writer.<String, GenericRecord>getMap("cache.evolution").get("old"), "Node");
            io.snapgrid.client.records.next.Node read = newMap.get("old");
            assertEquals("unplaced", read.location());
            assertEquals(FULL.toString(), read.toString().replace(", location=unplaced]", "]"));

            newMap.set("new", read.toBuilder().location("rack7").build());
            assertEquals(FULL, oldMap.get("new"));
            assertEquals("rack7", newMap.get("new").location());

            IMap<String, io.snapgrid.client.records.next.Node> inventory = newer.getMap(MAP);
            inventory.set("x3006c0s0b0n0", read.toBuilder().location("rack7").build());
            assertEquals(FULL, nodesOf(reader).get("x3006c0s0b0n0"));
            assertEquals("unplaced", inventory.get("x3006c0s0b0n0").location());
        } finally {
            newer.shutdown();
        }
    }

    @Test
    @Order(6)
    void theExampleProgramRunsAgainstTheNode() throws InterruptedException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SnapgridExample.run(reader, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("sql: x9000c0s0b0n0 example01") && output.contains("is now Standby")
                && output.contains("refused: " + MAP), output);
    }

    @Test
    @Order(7)
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
        // The records of the tests above as the snapshot store restored them: the same, in the same shape.
        assertEquals(FULL, cached.get(FULL_KEY));
        assertEquals(SPARSE, cached.get(SPARSE_KEY));
        assertEquals(shortJson, rest.get("/v1/maps/" + MAP + "/entries/" + SHORT_KEY).body());
        assertEquals(shortShape, writer.<String, GenericRecord>getMap(MAP).get(SHORT_KEY).getFieldNames());
        putOverRest(key, "after-restart");
        await("the restarted member invalidates the reader's near cache")
                .until(() -> "after-restart".equals(cached.get(key).hostname()));
        assertTrue(reader.getLifecycleService().isRunning());
    }

    /** Field names and kinds, of nested records and of the first item of arrays of records too. */
    private static void assertSameCompactShape(GenericRecord expected, GenericRecord actual, String path) {
        assertEquals(expected.getFieldNames(), actual.getFieldNames(), path);
        for (String field : expected.getFieldNames()) {
            assertEquals(expected.getFieldKind(field), actual.getFieldKind(field), path + "." + field);
            if (expected.getFieldKind(field) == FieldKind.COMPACT) {
                assertSameCompactShape(expected.getGenericRecord(field), actual.getGenericRecord(field),
                        path + "." + field);
            } else if (expected.getFieldKind(field) == FieldKind.ARRAY_OF_COMPACT) {
                assertSameCompactShape(expected.getArrayOfGenericRecord(field)[0],
                        actual.getArrayOfGenericRecord(field)[0], path + "." + field + "[0]");
            }
        }
    }

    private static IMap<String, Node> nodesOf(HazelcastInstance client) {
        return new SnapgridMaps(client).nodes();
    }

    /** A Node as a GenericRecord client might build it: required fields but the hostname, labels out of order. */
    private static GenericRecordBuilder shortNode() {
        return GenericRecordBuilder.compact(Node.TYPE_NAME).setString("arch", "x86_64").setString("role", "Compute")
                .setString("state", "On").setArrayOfGenericRecord("nics", new GenericRecord[0])
                .setArrayOfGenericRecord("labels", new GenericRecord[]{label("zone", "b"), label("rack", "x1002")});
    }

    private static GenericRecord label(String key, String value) {
        return GenericRecordBuilder.compact(Node.TYPE_NAME + ".labels.entry").setString("key", key)
                .setString("value", value).build();
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
