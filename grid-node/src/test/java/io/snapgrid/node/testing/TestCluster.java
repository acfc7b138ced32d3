package io.snapgrid.node.testing;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.context.ApplicationContext;
import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.GridNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Real Snapgrid nodes in this JVM, started through the same entry point as the start command, each on
 * free ports with a cluster name of its own and no multicast.
 */
public final class TestCluster implements AutoCloseable {

    private final String clusterName = "test-" + UUID.randomUUID();
    private final List<ApplicationContext> nodes = new ArrayList<>();
    private final List<Integer> restPorts = new ArrayList<>();
    private final List<HazelcastInstance> clients = new ArrayList<>();
    private final List<String> memberAddresses = new ArrayList<>();
    private final List<List<String>> nodeArgs = new ArrayList<>();
    private final Path snapshotRoot;
    private final Object[] beans;

    private TestCluster(Path snapshotRoot, List<Object> beans) {
        this.snapshotRoot = snapshotRoot;
        this.beans = beans.toArray();
    }

    /** Starts {@code size} nodes together; extra flags apply to all of them. */
    public static TestCluster start(int size, String... flags) {
        return start(size, List.of(), flags);
    }

    /** As {@link #start(int, String...)}, registering {@code beans} in every node (see GridNode.start). */
    public static TestCluster start(int size, List<Object> beans, String... flags) {
        return start(size, newSnapshotRoot(), beans, flags);
    }

    /**
     * Starts nodes that share {@code snapshotRoot}, as members of one cluster must: a cluster started on the root
     * of an earlier one restores what that one stored.
     */
    public static TestCluster start(int size, Path snapshotRoot, List<Object> beans, String... flags) {
        return start(size, snapshotRoot, beans, node -> List.of(), flags);
    }

    /** As {@link #start(int, Path, List, String...)}, with flags of each node's own after the common ones. */
    public static TestCluster start(int size, Path snapshotRoot, List<Object> beans,
                                    IntFunction<List<String>> nodeFlags, String... flags) {
        TestCluster cluster = new TestCluster(snapshotRoot, beans);
        List<Integer> ports = FreePorts.take(2 * size);
        List<Integer> memberPorts = new ArrayList<>(ports.subList(0, size));
        cluster.restPorts.addAll(ports.subList(size, 2 * size));
        memberPorts.forEach(port -> cluster.memberAddresses.add("127.0.0.1:" + port));
        ExecutorService starter = Executors.newFixedThreadPool(size);
        try {
            List<CompletableFuture<ApplicationContext>> started = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                List<String> args = cluster.args(memberPorts.get(i), cluster.restPorts.get(i), flags);
                args.addAll(nodeFlags.apply(i));
                cluster.nodeArgs.add(args);
                started.add(CompletableFuture.supplyAsync(
                        () -> GridNode.start(args, cluster.beans), starter));
            }
            started.forEach(future -> cluster.nodes.add(future.join()));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        } finally {
            starter.shutdown();
        }
        return cluster;
    }

    private List<String> args(int memberPort, int restPort, String... flags) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("snapgrid-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Stream.concat(Stream.of(
                        "--cluster.name=" + clusterName,
                        "--cluster.member-port=" + memberPort,
                        "--cluster.members=" + String.join(",", memberAddresses),
                        "--cluster.min-size=" + memberAddresses.size(),
                        "--cluster.hazelcast-properties.hazelcast.wait.seconds.before.join=1",
                        "--rest.port=" + restPort,
                        "--snapshots.root=" + snapshotRoot,
                        "--data-dir=" + dataDir),
                Stream.of(flags)).collect(Collectors.toCollection(ArrayList::new));
    }

    private static Path newSnapshotRoot() {
        try {
            return Files.createTempDirectory("snapgrid-test-snapshots");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path snapshotRoot() {
        return snapshotRoot;
    }

    public String clusterName() {
        return clusterName;
    }

    public int size() {
        return nodes.size();
    }

    /**
     * Waits until every node is ready, its restore done: a client can read a map while it is being restored, and
     * sees only what is loaded so far; and a node's REST reads find a map only once it exists on that node.
     */
    public void awaitReady() {
        for (int node = 0; node < size(); node++) {
            Http http = new Http(restUrl(node));
            await("node " + node + " is ready").until(() -> http.get("/health/readiness").status() == 200);
        }
    }

    public HazelcastInstance member(int index) {
        return bean(index, HazelcastInstance.class);
    }

    /** A bean of one node, for tests that drive a component from inside the node. */
    public <T> T bean(int index, Class<T> type) {
        return nodes.get(index).getBean(type);
    }

    public String restUrl(int index) {
        return "http://127.0.0.1:" + restPorts.get(index);
    }

    /** Stops one node the way a crash would: the member leaves without migrating anything first. */
    public void crash(int index) {
        member(index).getLifecycleService().terminate();
    }

    /**
     * Stops one node gracefully and starts it again with the same ports, data directory, flags and beans, as a
     * rolling restart does.
     */
    public void restart(int index) {
        nodes.get(index).close();
        nodes.set(index, GridNode.start(nodeArgs.get(index), beans));
    }

    /** {@code 127.0.0.1:port} of every member, for clients configured other than by {@link #client}. */
    public List<String> memberAddresses() {
        return List.copyOf(memberAddresses);
    }

    /** A real Hazelcast Java client connected to every member. */
    public HazelcastInstance client() {
        return client(config -> { });
    }

    public HazelcastInstance client(Consumer<ClientConfig> customize) {
        ClientConfig config = new ClientConfig();
        customize.accept(config);
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(memberAddresses);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        clients.add(client);
        return client;
    }

    /**
     * Stops every node gracefully, the master last: a leaving member tells the master it is going (Jet), and one
     * that still takes a master that has just left for the master waits 5 s before it tries again.
     */
    @Override
    public void close() {
        clients.forEach(HazelcastInstance::shutdown);
        nodes.stream().sorted(Comparator.comparing(TestCluster::isMaster)).toList().forEach(ApplicationContext::close);
    }

    private static boolean isMaster(ApplicationContext node) {
        if (!node.isRunning()) {
            return false;
        }
        HazelcastInstance member = node.getBean(HazelcastInstance.class);
        return member.getLifecycleService().isRunning()
                && member.getCluster().getMembers().iterator().next().localMember();
    }
}
