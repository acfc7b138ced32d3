package io.snapgrid.node.testing;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.FirewallingNodeContext;
import com.hazelcast.instance.impl.NodeContext;
import com.hazelcast.internal.server.FirewallingServer.FirewallingServerConnectionManager;
import com.hazelcast.internal.server.PacketFilter;
import com.hazelcast.test.Accessors;

/**
 * Cuts and restores the links between members, over their real TCP connections: each side closes its connection
 * to the other and refuses new ones, so each side's failure detector drops the other as after a network partition.
 * This is what Hazelcast's SplitBrainTestSupport.blockCommunicationBetween does; that class itself cannot be loaded
 * here, because the static initialiser of its base class needs JUnit 4 and AssertJ.
 */
public final class Firewall {

    private Firewall() {
    }

    /**
     * Register as a bean of {@link TestCluster#start(int, java.util.List, String...)}: its members are then built
     * with Hazelcast's test NodeContext, whose server can refuse traffic (see FirewalledMemberFactory).
     */
    public static NodeContext nodeContext() {
        return new FirewallingNodeContext();
    }

    public static void cut(HazelcastInstance a, HazelcastInstance b) {
        connections(a).blockNewConnection(address(b));
        connections(b).blockNewConnection(address(a));
        connections(a).closeActiveConnection(address(b));
        connections(b).closeActiveConnection(address(a));
    }

    /**
     * Drops what {@code from} sends to {@code to} of its own accord (heartbeats, the operations it invokes) and
     * keeps the connections open, so {@code to} stops hearing from {@code from} as behind a one-way firewall rule
     * and in time drops it. Answers to {@code to}'s own operations still arrive: Hazelcast sends them back over the
     * connection the operation came in on, which this filter does not see. Replaces any earlier filter of {@code
     * from}; {@link #restore} does not lift it.
     */
    public static void silence(HazelcastInstance from, HazelcastInstance to) {
        Address silenced = address(to);
        connections(from).setPacketFilter((packet, endpoint) -> silenced.equals(endpoint)
                ? PacketFilter.Action.DROP : PacketFilter.Action.ALLOW);
    }

    public static void restore(HazelcastInstance a, HazelcastInstance b) {
        connections(a).unblock(address(b));
        connections(b).unblock(address(a));
    }

    private static FirewallingServerConnectionManager connections(HazelcastInstance member) {
        return (FirewallingServerConnectionManager) Accessors.getNode(member).getServer()
                .getConnectionManager(EndpointQualifier.MEMBER);
    }

    private static Address address(HazelcastInstance member) {
        return Accessors.getNode(member).getThisAddress();
    }
}
