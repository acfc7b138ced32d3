package io.snapgrid.snapshot.mapstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.CommitLogOptions;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.Inventory;
import io.snapgrid.snapshot.RestoreOptions;
import io.snapgrid.snapshot.RestorePlan;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.RestoreWarning;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotStorage;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Snapshot map stores over a real root, the member that uses them, and what a restore would load. */
final class MapStoreTesting {

    private MapStoreTesting() {
    }

    /** Weak maps match {@code stats.}, strong maps {@code inventory.}; all of node records. */
    static Optional<DurableMap> durableMap(String name) {
        if (name.startsWith("stats.")) {
            return Optional.of(new DurableMap(name, Durability.WEAK, Inventory.NODE, false));
        }
        if (name.startsWith("inventory.")) {
            return Optional.of(new DurableMap(name, Durability.STRONG, Inventory.NODE, false));
        }
        return Optional.empty();
    }

    /** Opens the stores of one member process: the commit logs live under {@code logRoot}; no periodic roll. */
    static SnapshotMapStores open(SnapshotStorage storage, Path logRoot, StoreEvents events) throws IOException {
        return SnapshotMapStores.open(storage, MapStoreTesting::durableMap, new SnapshotMapStoreOptions(logRoot,
                Duration.ofHours(1), 10_000, RestoreOptions.defaults(), CommitLogOptions.defaults()), events);
    }

    /**
     * A member of a cluster of its own, on a free port without multicast, whose durable maps store and load
     * through {@code stores} the way the node configures them (MapConfigs): EAGER, weak maps behind by a second.
     */
    static HazelcastInstance member(SnapshotMapStores stores) {
        int port = freePort();
        return member(stores, "mapstore-test-" + UUID.randomUUID(), port, List.of(port));
    }

    /** As {@link #member(SnapshotMapStores)}, joining the members on {@code ports} as cluster {@code name}. */
    static HazelcastInstance member(SnapshotMapStores stores, String name, int port, List<Integer> ports) {
        return Hazelcast.newHazelcastInstance(config(stores, name, port, ports));
    }

    /** The configuration {@link #member(SnapshotMapStores, String, int, List)} starts a member with. */
    static Config config(SnapshotMapStores stores, String name, int port, List<Integer> ports) {
        Config config = new Config();
        config.setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        config.addMapConfig(mapConfig("stats.*", stores, 1));
        config.addMapConfig(mapConfig("inventory.*", stores, 0));
        stores.registerIn(config);
        return config;
    }

    private static MapConfig mapConfig(String pattern, SnapshotMapStores stores, int writeDelaySeconds) {
        return new MapConfig(pattern).setBackupCount(0).setStatisticsEnabled(true)
                .setMapStoreConfig(new MapStoreConfig().setEnabled(true).setFactoryImplementation(stores)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER).setOffload(true)
                        .setWriteCoalescing(true).setWriteBatchSize(100_000).setWriteDelaySeconds(writeDelaySeconds));
    }

    /** Generated node records by key, as a client would put them. */
    static Map<String, GenericRecord> nodes(int count, String state) {
        Map<String, GenericRecord> nodes = new TreeMap<>();
        for (Map.Entry<String, GenericData.Record> node : Inventory.nodes(count).entrySet()) {
            GenericData.Record value = GenericData.get().deepCopy(Inventory.NODE.avroSchema(), node.getValue());
            value.put("state", new GenericData.EnumSymbol(Inventory.NODE.avroSchema().getField("state").schema(),
                    state));
            nodes.put(node.getKey(), Inventory.NODE.toCompact(value));
        }
        return nodes;
    }

    static Map<String, ObjectNode> json(Map<String, GenericRecord> records) {
        Map<String, ObjectNode> json = new TreeMap<>();
        records.forEach((key, value) -> json.put(key, Inventory.NODE.toJson(value)));
        return json;
    }

    /** What a node would restore of {@code map}: each live key's value as canonical JSON. */
    static Map<String, ObjectNode> restored(SnapshotStorage storage, String map) throws IOException {
        SnapshotRestore restore = new SnapshotRestore(storage, RestoreOptions.defaults());
        RestorePlan plan = restore.plan(List.of(map));
        Map<String, ObjectNode> content = new TreeMap<>();
        restore.restore(plan, (name, rows) -> rows.forEach(row ->
                content.put(row.key(), Inventory.NODE.toJson(row.value()))), status -> { });
        return content;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps what the stores report, for tests to assert on. */
    static final class RecordingEvents implements StoreEvents {

        final List<String> unstorable = new CopyOnWriteArrayList<>();
        final List<String> flushFailures = new CopyOnWriteArrayList<>();
        final List<RestoreWarning> fallbacks = new CopyOnWriteArrayList<>();
        final List<RestoreStatus> progress = new CopyOnWriteArrayList<>();
        final List<String> takeOvers = new CopyOnWriteArrayList<>();

        @Override
        public void unstorable(String map, Object key, String reason) {
            unstorable.add(map + " " + key + ": " + reason);
        }

        @Override
        public void flushFailed(String map, int entries, Exception cause) {
            flushFailures.add(map + " " + entries + ": " + cause);
        }

        @Override
        public void tookOver(UUID departed, int partitions, long entries, Duration took) {
            takeOvers.add(partitions + " partition(s) of " + departed + ": " + entries + " entries");
        }

        @Override
        public void takeOverFailed(Exception cause) {
            flushFailures.add("take-over: " + cause);
        }

        @Override
        public void fellBack(RestoreWarning warning) {
            fallbacks.add(warning);
        }

        @Override
        public void restoreProgress(RestoreStatus status) {
            progress.add(status);
        }

        /** Passes over a map's chain: each starts with a report of nothing done yet. */
        long restorePasses(String map) {
            return progress.stream().filter(status -> status.map().equals(map) && status.mapDone().rows() == 0)
                    .count();
        }

        List<String> all() {
            List<String> all = new ArrayList<>(unstorable);
            all.addAll(flushFailures);
            fallbacks.forEach(warning -> all.add(warning.toString()));
            return all;
        }
    }
}
