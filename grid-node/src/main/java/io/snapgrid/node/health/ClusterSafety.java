package io.snapgrid.node.health;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether every partition's backups are in sync and this member has made the strong entries it took over from a
 * departed member durable (docs/architecture.md §9), checked in the background. Hazelcast's check asks every member
 * and retries one that just died for a minute or more, so a request must never wait on it.
 */
@Singleton
public final class ClusterSafety {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapgrid-cluster-safety");
        t.setDaemon(true);
        return t;
    });
    private final HazelcastInstance member;
    private volatile Check last;

    ClusterSafety(HazelcastInstance member, SnapshotMapStores stores) {
        this.member = member;
        thread.scheduleWithFixedDelay(() -> {
            if (member.getLifecycleService().isRunning()) {
                Set<Member> asked = member.getCluster().getMembers();
                boolean tookOver = !stores.takeOverPending();
                last = new Check(new Known(tookOver && member.getPartitionService().isClusterSafe(), Instant.now()),
                        asked);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * The last answer and when it was given; null until the first check finished, and while members have come or
     * gone since the last check began: readiness must not take an answer about the members before for one about
     * those now, and a check can wait a minute on a member that just died.
     */
    public Known last() {
        Check check = last;
        return check == null || !check.members().equals(member.getCluster().getMembers()) ? null : check.known();
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    public record Known(boolean safe, Instant checkedAt) {
    }

    private record Check(Known known, Set<Member> members) {
    }
}
