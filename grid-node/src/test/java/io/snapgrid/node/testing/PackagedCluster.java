package io.snapgrid.node.testing;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.RoutingMode;
import com.hazelcast.core.HazelcastInstance;

import io.snapgrid.jobs.testing.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Packaged nodes forming one cluster, each in a JVM of its own, on free ports with a cluster name of their own.
 * A slot keeps its member and REST ports when its node is replaced, so the member list never changes.
 */
public final class PackagedCluster implements AutoCloseable {

    private final Path work;
    private final String name = "it-" + UUID.randomUUID();
    private final List<Integer> memberPorts = new ArrayList<>();
    private final List<Integer> restPorts = new ArrayList<>();
    private final List<PackagedNode> nodes = new ArrayList<>();
    private final List<String> flags;
    private final IntFunction<List<String>> slotFlags;
    private final Map<String, String> environment;
    private final boolean loopbackPerSlot;
    private int replacements;

    private PackagedCluster(Path work, int size, List<String> flags, IntFunction<List<String>> slotFlags,
                            Map<String, String> environment, boolean loopbackPerSlot) {
        this.work = work;
        this.loopbackPerSlot = loopbackPerSlot;
        this.flags = List.copyOf(flags);
        this.slotFlags = slotFlags;
        this.environment = Map.copyOf(environment);
        for (int i = 0; i < size; i++) {
            memberPorts.add(FreePorts.take());
            restPorts.add(FreePorts.take());
        }
    }

    /** Starts {@code size} nodes with the extra flags and waits until every one is ready. */
    public static PackagedCluster start(Path work, int size, List<String> flags) {
        return start(work, size, flags, slot -> List.of(), Map.of());
    }

    /**
     * As {@link #start(Path, int, List)}, with flags of each slot's own (kept by a node that replaces it, and by the
     * slot of a later cluster) and variables added to every node's environment.
     */
    public static PackagedCluster start(Path work, int size, List<String> flags, IntFunction<List<String>> slotFlags,
                                        Map<String, String> environment) {
        return start(new PackagedCluster(work, size, flags, slotFlags, environment, false));
    }

    /**
     * As {@link #start(Path, int, List)}, each slot's member bound to a loopback address of its own (slot 0 on
     * 127.0.0.1, slot 1 on 127.0.0.2, ...; {@code cluster.bind-address}), so the host firewall can cut members apart
     * by address. REST stays on every address.
     */
    public static PackagedCluster startOnLoopbacks(Path work, int size, List<String> flags) {
        return start(new PackagedCluster(work, size, flags, slot -> List.of(), Map.of(), true));
    }

    private static PackagedCluster start(PackagedCluster cluster) {
        int size = cluster.memberPorts.size();
        try {
            for (int slot = 0; slot < size; slot++) {
                cluster.nodes.add(cluster.launch(slot, "node-" + slot));
            }
            cluster.nodes.forEach(PackagedNode::awaitReady);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private PackagedNode launch(int slot, String nodeName) {
        List<String> args = new ArrayList<>(List.of(
                "--cluster.name=" + name,
                "--cluster.member-port=" + memberPorts.get(slot),
                "--cluster.members=" + String.join(",", addresses(slots())),
                "--cluster.min-size=" + memberPorts.size(),
                "--cluster.hazelcast-properties.hazelcast.wait.seconds.before.join=1"));
        if (loopbackPerSlot) {
            args.add("--cluster.bind-address=" + memberHost(slot));
        }
        args.addAll(flags);
        args.addAll(slotFlags.apply(slot));
        return PackagedNode.start(work.resolve(nodeName), nodeName, restPorts.get(slot), args, environment);
    }

    public List<Integer> slots() {
        return IntStream.range(0, memberPorts.size()).boxed().toList();
    }

    /** The address the member of {@code slot} listens on for members and clients. */
    public String memberHost(int slot) {
        return loopbackPerSlot ? "127.0.0." + (slot + 1) : "127.0.0.1";
    }

    public int memberPort(int slot) {
        return memberPorts.get(slot);
    }

    public PackagedNode node(int slot) {
        return nodes.get(slot);
    }

    /** The slot whose member listens on {@code address} ("host:port", as Hazelcast reports members). */
    public int slotOf(String address) {
        String port = address.substring(address.lastIndexOf(':') + 1);
        int slot = memberPorts.indexOf(Integer.valueOf(port));
        if (slot < 0) {
            throw new AssertionError("no node of this cluster listens on " + address);
        }
        return slot;
    }

    /** Waits until the node in {@code slot} reports every partition's backups in sync. */
    public void awaitBackupsInSync(int slot) {
        await("backups in sync").until(() -> node(slot).http().get("/v1/cluster").json().path("safe").asBoolean());
    }

    /** Kills the node in {@code slot} and starts a fresh one (new data, new member UUID) on the same ports. */
    public void replace(int slot) {
        nodes.get(slot).kill();
        nodes.set(slot, launch(slot, "node-" + slot + "-r" + ++replacements));
        nodes.get(slot).awaitReady();
    }

    /**
     * A Hazelcast Java client that reaches the cluster through one of the members of {@code slots}, over a single
     * connection: the test reads need no more, and every extra connection is one more handshake that a loaded
     * machine can stall. The caller shuts it down.
     */
    public HazelcastInstance client(Collection<Integer> slots) {
        ClientConfig config = new ClientConfig().setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(addresses(slots))
                .getClusterRoutingConfig().setRoutingMode(RoutingMode.SINGLE_MEMBER);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return HazelcastClient.newHazelcastClient(config);
    }

    /**
     * A smart client (a connection to every member, each operation sent to its partition's owner) for writers that
     * must outlive a member's death: an operation caught by it fails within the invocation timeout rather than the
     * default two minutes, and connecting gives up after 30 s once no member is left. The caller shuts it down.
     */
    public HazelcastInstance smartClient() {
        ClientConfig config = new ClientConfig().setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.client.invocation.timeout.seconds", "30");
        config.getNetworkConfig().setAddresses(addresses(slots()))
                .getClusterRoutingConfig().setRoutingMode(RoutingMode.ALL_MEMBERS);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return HazelcastClient.newHazelcastClient(config);
    }

    /** SIGKILL of every node at once: see {@link PackagedNode#killAll}. */
    public void killAll() {
        PackagedNode.killAll(nodes);
    }

    private List<String> addresses(Collection<Integer> slots) {
        return slots.stream().map(slot -> memberHost(slot) + ":" + memberPorts.get(slot)).toList();
    }

    /**
     * Stops every node, the master last: a node that leaves after the master did takes the departed master for the
     * master, and Jet waits 5 s before it tells the new one (see TestCluster#close).
     */
    @Override
    public void close() {
        OptionalInt master = masterSlot();
        for (int slot = 0; slot < nodes.size(); slot++) {
            if (master.isEmpty() || slot != master.getAsInt()) {
                nodes.get(slot).close();
            }
        }
        master.ifPresent(slot -> nodes.get(slot).close());
    }

    /** The slot of the oldest member, as the first running node lists the members; empty if none answers. */
    private OptionalInt masterSlot() {
        for (PackagedNode node : nodes) {
            if (node.isRunning()) {
                try {
                    String oldest = node.http().get("/v1/cluster").json().path("members").path(0).path("address")
                            .asText();
                    int slot = slotOf(oldest);
                    return slot < nodes.size() ? OptionalInt.of(slot) : OptionalInt.empty();
                } catch (RuntimeException | AssertionError notAnswering) {
                    // Starting, stopping, or not of this cluster: ask the next.
                }
            }
        }
        return OptionalInt.empty();
    }
}
