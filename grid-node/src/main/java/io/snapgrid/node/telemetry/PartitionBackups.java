package io.snapgrid.node.telemetry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;

/**
 * Whether a key's partition has a backup replica in this member's partition table. A synchronous backup is only
 * sent to, and awaited from, a replica the table has: right after a member joins (before the backups have been
 * migrated to it) or after one leaves (before re-replication), a write is acknowledged with its owner's copy
 * alone. Hazelcast's public API exposes only a partition's owner, and {@code PartitionService.isClusterSafe()} asks
 * every member (and can wait a minute on one that died), so this reads the member's own partition table through
 * internal API (5.7: {@code Node.getPartitionService()}, {@code InternalPartition.getReplica(1)}).
 */
final class PartitionBackups {

    private final InternalPartitionService partitions;

    PartitionBackups(HazelcastInstance member) {
        if (member instanceof HazelcastInstanceProxy proxy) {
            this.partitions = proxy.getOriginal().node.getPartitionService();
        } else if (member instanceof HazelcastInstanceImpl impl) {
            this.partitions = impl.node.getPartitionService();
        } else {
            throw new IllegalStateException("telemetry ingest needs an embedded member, got " + member.getClass());
        }
    }

    boolean hasBackup(String key) {
        InternalPartition partition = partitions.getPartition(partitions.getPartitionId(key));
        return partition.getOwnerReplicaOrNull() != null && partition.getReplica(1) != null;
    }
}
