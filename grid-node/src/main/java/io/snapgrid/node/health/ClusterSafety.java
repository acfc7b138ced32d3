package io.snapgrid.node.health;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Whether every partition's backups are in sync and this member has made the strong entries it took over from a
 * departed member durable (docs/architecture.md §9), checked in the background. Hazelcast's check asks every member
 * and retries one that just died for a minute or more, so a request must never wait on it, and a check stuck on a
 * member that is gone must not hold up the answer for the members left: each second a new check starts unless one
 * for the same members is still under way.
 */
@Singleton
public final class ClusterSafety {

    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon());
    private final ExecutorService checks = Executors.newCachedThreadPool(daemon());
    private final HazelcastInstance member;
    private volatile Check last;
    /** The check under way and the members it asks; only the tick thread touches them. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private Set<Member> pendingMembers = Set.of();

    private final SnapshotMapStores stores;

    ClusterSafety(HazelcastInstance member, SnapshotMapStores stores) {
        this.member = member;
        this.stores = stores;
        ticks.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        Set<Member> members = member.getCluster().getMembers();
        if (!pending.isDone() && pendingMembers.equals(members)) {
            return;
        }
        pendingMembers = members;
        pending = CompletableFuture.runAsync(() -> {
            boolean safe = member.getPartitionService().isClusterSafe() && !stores.takeOverPending();
            // A check that outlived its members would stand in for one about those now.
            if (members.equals(member.getCluster().getMembers())) {
                last = new Check(new Known(safe, Instant.now()), members);
            }
        }, checks);
    }

    /**
     * The last answer and when it was given; null until the first check finished, and while members have come or
     * gone since the last check began: readiness must not take an answer about the members before for one about
     * those now.
     */
    public Known last() {
        Check check = last;
        return check == null || !check.members().equals(member.getCluster().getMembers()) ? null : check.known();
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
        checks.shutdownNow();
    }

    private static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "snapgrid-cluster-safety");
            t.setDaemon(true);
            return t;
        };
    }

    public record Known(boolean safe, Instant checkedAt) {
    }

    private record Check(Known known, Set<Member> members) {
    }
}
