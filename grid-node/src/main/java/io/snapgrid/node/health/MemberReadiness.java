package io.snapgrid.node.health;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.durability.RestoreProgressBoard;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready means: joined a cluster of at least cluster.min-size members that is ACTIVE, the initial load is done, this
 * member is not leaving, no strong entries taken over from a departed member wait to be made durable here, and, for a member that has not been ready yet or while the cluster is below
 * cluster.expected-size, every partition's backups were in sync at the last check. Hazelcast's own check reports
 * ready before the member has joined anyone (hazelcast#13302).
 * <p>
 * Safety is there so that an orchestrator rolling members one at a time (a StatefulSet's RollingUpdate, a
 * PodDisruptionBudget) waits until partitions have their backups again before it stops the next member: with one
 * backup, two members gone before that lose the partitions they shared. After a member left, the others wait for
 * it; after it came back, the newcomer does, while partitions move back to it. The members of a full cluster that
 * were ready stay ready meanwhile, so that clients keep a Service with endpoints.
 */
@Singleton
@Readiness
final class MemberReadiness implements HealthIndicator {

    private final HazelcastInstance member;
    private final InitialLoad initialLoad;
    private final SnapshotMapStores stores;
    private final ClusterSafety safety;
    private final Leaving leaving;
    private final RestoreProgressBoard restores;
    private final int minSize;
    private final int expectedSize;
    private volatile boolean wasReady;

    MemberReadiness(HazelcastInstance member, InitialLoad initialLoad, SnapshotMapStores stores, ClusterSafety safety,
                    Leaving leaving, RestoreProgressBoard restores, SnapgridSettings settings) {
        this.member = member;
        this.initialLoad = initialLoad;
        this.stores = stores;
        this.safety = safety;
        this.leaving = leaving;
        this.restores = restores;
        this.minSize = settings.cluster().minSize();
        this.expectedSize = settings.cluster().expectedSize();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean left = leaving.begun();
        // A leaving member is not read: it can stop between two reads, which then throw (a 500, not a 503).
        boolean running = !left && member.getLifecycleService().isRunning();
        int size = running ? member.getCluster().getMembers().size() : 0;
        ClusterState state = running ? member.getCluster().getClusterState() : null;
        String pending = initialLoad.pending();
        details.put("members", size);
        details.put("minSize", minSize);
        details.put("clusterState", String.valueOf(state));
        details.put("initialLoad", pending == null ? "done" : pending);
        details.put("restore", restores.describe());
        boolean takingOver = running && stores.takeOverPending();
        details.put("takeOver", takingOver ? "making a departed member's strong entries durable" : "done");
        ClusterSafety.Known known = running ? safety.last() : null;
        details.put("clusterSafe", known == null ? "not checked yet" : known.safe());
        boolean safeEnough = known != null && known.safe() || wasReady && size >= expectedSize;
        details.put("shutdown", left ? "in progress" : "no");
        boolean ready = running && size >= minSize && state == ClusterState.ACTIVE && pending == null && safeEnough
                && !left && !takingOver;
        wasReady |= ready;
        return Publishers.just(HealthResult.builder("member", ready ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
