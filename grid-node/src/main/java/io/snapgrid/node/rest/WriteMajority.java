package io.snapgrid.node.rest;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.node.rest.problem.NoMajorityException;
import jakarta.inject.Singleton;

/**
 * Refuses a write to a map with split-brain protection while this member itself lacks the protection's majority,
 * before anything is sent. Hazelcast would refuse it too, but only where the operation runs, and it retries an
 * operation whose target left the cluster: when the answer to a write sent just before a network cut is lost, the
 * retry is refused on this side although the first attempt may have been applied on the other. Only a refusal made
 * here can say the write was not applied.
 */
@Singleton
final class WriteMajority {

    private final HazelcastInstance member;

    WriteMajority(HazelcastInstance member) {
        this.member = member;
    }

    void require(String map) {
        // The map's own config says which protection Hazelcast applies to it (none on a cluster meant to be alone).
        String protection = member.getConfig().findMapConfig(map).getSplitBrainProtectionName();
        if (protection != null
                && !member.getSplitBrainProtectionService().getSplitBrainProtection(protection).hasMinimumSize()) {
            throw new NoMajorityException(map);
        }
    }
}
