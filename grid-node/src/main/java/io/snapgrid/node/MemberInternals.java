package io.snapgrid.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.spi.impl.NodeEngine;

/**
 * Internal Hazelcast API the node uses where the public API has no answer (5.7: {@code Node.getPartitionService()},
 * {@code Node.getNodeEngine()}): a member's own partition table, without asking the other members, and the
 * operation service that telemetry ingest invokes its per-partition writes on.
 */
public final class MemberInternals {

    private MemberInternals() {
    }

    /** @throws IllegalStateException for anything but an embedded member */
    public static InternalPartitionService partitionService(HazelcastInstance member) {
        return node(member).getPartitionService();
    }

    /** Its operation and serialization services, for operations the public API has no call for. */
    public static NodeEngine nodeEngine(HazelcastInstance member) {
        return node(member).getNodeEngine();
    }

    private static Node node(HazelcastInstance member) {
        if (member instanceof HazelcastInstanceProxy proxy) {
            return proxy.getOriginal().node;
        }
        if (member instanceof HazelcastInstanceImpl impl) {
            return impl.node;
        }
        throw new IllegalStateException("an embedded member is needed, got " + member.getClass());
    }
}
