package io.snapgrid.snapshot.mapstore;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;

import java.util.HashSet;
import java.util.Set;

/**
 * The partitions one member owned at one moment. A restore image keeps only their rows: Hazelcast loads a key's
 * value on the key's owner, so the other rows would be decoded on every member for nothing.
 */
final class OwnedPartitions {

    private final PartitionService service;
    private final Set<Integer> owned;
    private final int count;

    private OwnedPartitions(PartitionService service, Set<Integer> owned, int count) {
        this.service = service;
        this.owned = owned;
        this.count = count;
    }

    static OwnedPartitions now(HazelcastInstance member) {
        PartitionService service = member.getPartitionService();
        Member local = member.getCluster().getLocalMember();
        Set<Integer> owned = new HashSet<>();
        Set<Partition> partitions = service.getPartitions();
        for (Partition partition : partitions) {
            if (local.equals(partition.getOwner())) {
                owned.add(partition.getPartitionId());
            }
        }
        return new OwnedPartitions(service, owned, partitions.size());
    }

    boolean owns(String key) {
        return owned.contains(service.getPartition(key).getPartitionId());
    }

    /** The expected number of a map's rows here, to size the image once instead of growing it. */
    long expectedRows(long allRows) {
        return count == 0 ? allRows : allRows * owned.size() / count;
    }
}
