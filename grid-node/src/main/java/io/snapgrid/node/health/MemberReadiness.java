package io.snapgrid.node.health;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready means: joined a cluster of at least cluster.min-size members that is ACTIVE, the initial load is done, and
 * no strong entries taken over from a departed member wait to be made durable here. Hazelcast's own check reports ready before the member has joined anyone (hazelcast#13302).
 */
@Singleton
@Readiness
final class MemberReadiness implements HealthIndicator {

    private final HazelcastInstance member;
    private final InitialLoad initialLoad;
    private final SnapshotMapStores stores;
    private final int minSize;

    MemberReadiness(HazelcastInstance member, InitialLoad initialLoad, SnapshotMapStores stores,
                    SnapgridSettings settings) {
        this.member = member;
        this.initialLoad = initialLoad;
        this.stores = stores;
        this.minSize = settings.cluster().minSize();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean running = member.getLifecycleService().isRunning();
        int size = running ? member.getCluster().getMembers().size() : 0;
        ClusterState state = running ? member.getCluster().getClusterState() : null;
        String pending = initialLoad.pending();
        details.put("members", size);
        details.put("minSize", minSize);
        details.put("clusterState", String.valueOf(state));
        details.put("initialLoad", pending == null ? "done" : pending);
        boolean takingOver = stores.takeOverPending();
        details.put("takeOver", takingOver ? "making a departed member's strong entries durable" : "done");
        boolean ready = running && size >= minSize && state == ClusterState.ACTIVE && pending == null && !takingOver;
        return Publishers.just(HealthResult.builder("member", ready ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
