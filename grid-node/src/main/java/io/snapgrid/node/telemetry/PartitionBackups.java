package io.snapgrid.node.telemetry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.serialization.Data;
import io.snapgrid.node.MemberInternals;

/**
 * Which partition a key is in, and whether a partition has a backup replica in this member's partition table. A
 * synchronous backup is only sent to, and awaited from, a replica the table has: right after a member joins (before
 * the backups have been migrated to it) or after one leaves (before re-replication), a write is acknowledged with
 * its owner's copy alone. Hazelcast's public API exposes only a partition's owner, and
 * {@code PartitionService.isClusterSafe()} asks every member (and can wait a minute on one that died), so this reads
 * the member's own partition table through internal API (5.7: {@code Node.getPartitionService()},
 * {@code InternalPartition.getReplica(1)}).
 */
final class PartitionBackups {

    private final InternalPartitionService partitions;

    PartitionBackups(HazelcastInstance member) {
        this.partitions = MemberInternals.partitionService(member);
    }

    int partitionOf(Data key) {
        return partitions.getPartitionId(key);
    }

    boolean hasBackup(int partitionId) {
        InternalPartition partition = partitions.getPartition(partitionId);
        return partition.getOwnerReplicaOrNull() != null && partition.getReplica(1) != null;
    }
}
