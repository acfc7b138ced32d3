package io.snapgrid.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartitionService;

/**
 * Internal Hazelcast API the node reads where the public API has no answer (5.7: {@code Node.getPartitionService()}):
 * a member's own partition table, without asking the other members.
 */
public final class MemberInternals {

    private MemberInternals() {
    }

    /** @throws IllegalStateException for anything but an embedded member */
    public static InternalPartitionService partitionService(HazelcastInstance member) {
        if (member instanceof HazelcastInstanceProxy proxy) {
            return proxy.getOriginal().node.getPartitionService();
        }
        if (member instanceof HazelcastInstanceImpl impl) {
            return impl.node.getPartitionService();
        }
        throw new IllegalStateException("an embedded member is needed, got " + member.getClass());
    }
}
