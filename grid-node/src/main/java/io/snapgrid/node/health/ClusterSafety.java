package io.snapgrid.node.health;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Instant;
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
    private volatile Known last;

    ClusterSafety(HazelcastInstance member, SnapshotMapStores stores) {
        thread.scheduleWithFixedDelay(() -> {
            if (member.getLifecycleService().isRunning()) {
                boolean tookOver = !stores.takeOverPending();
                last = new Known(tookOver && member.getPartitionService().isClusterSafe(), Instant.now());
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** The last answer and when it was given; null until the first check finished. */
    public Known last() {
        return last;
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    public record Known(boolean safe, Instant checkedAt) {
    }
}
