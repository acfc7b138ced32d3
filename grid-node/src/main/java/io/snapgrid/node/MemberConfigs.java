package io.snapgrid.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.snapgrid.jobs.JobSerializers;
import io.snapgrid.node.config.ClusterSettings;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.control.ControlMaps;
import io.snapgrid.node.storage.MapConfigs;
import io.snapgrid.node.storage.PartitionMerge;
import io.snapgrid.node.telemetry.PartitionWrite;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;

import java.util.HashSet;

/** Translates Snapgrid settings into the embedded member's Hazelcast configuration. */
final class MemberConfigs {

    /** ExecutionService.MAP_STORE_OFFLOADABLE_EXECUTOR, which is internal API. */
    private static final String STORE_EXECUTOR = "hz:map-store-offloadable";
    private static final int STORE_THREADS = 64;

    private MemberConfigs() {
    }

    static Config build(SnapgridSettings settings, SnapshotMapStores snapshotStore) {
        ClusterSettings cluster = settings.cluster();
        Config config = new Config();
        config.setClusterName(cluster.name());
        config.setInstanceName("snapgrid-" + cluster.name() + "-" + cluster.memberPort());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Micronaut owns shutdown: closing its context shuts the member down gracefully, so partitions
        // migrate to the others first. Hazelcast's own hook would race it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds",
                String.valueOf(cluster.failureDetector().heartbeatInterval().getSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds",
                String.valueOf(cluster.failureDetector().maxNoHeartbeat().getSeconds()));
        boundNearCacheStaleness(config);
        cluster.hazelcastProperties().forEach(config::setProperty);
        config.getJetConfig().setEnabled(true);
        // Management Center may read state and change the cluster state from trusted addresses, but never run a
        // console command or a script on a member: the member port has no authentication (docs/security.md).
        config.getManagementCenterConfig().setTrustedInterfaces(new HashSet<>(cluster.managementCenter().trustedInterfaces()))
                .setConsoleEnabled(false).setScriptingEnabled(false);
        config.getMetricsConfig().setEnabled(true);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.memberPort()).setPortAutoIncrement(false);
        if (!cluster.bindAddress().isEmpty()) {
            // Listen on this address only and announce it, so that members on one host (127.0.0.1, 127.0.0.2, ...)
            // can be told apart, and cut apart, by address.
            config.setProperty("hazelcast.local.localAddress", cluster.bindAddress());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (cluster.kubernetes().enabled()) {
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("namespace", cluster.kubernetes().namespace())
                    .setProperty("service-name", cluster.kubernetes().serviceName());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
        }
        MapConfigs.apply(settings.storageClasses(), config, snapshotStore);
        PartitionMerge.configure(config, cluster);
        snapshotStore.registerIn(config);
        // Strong stores wait for an fsync off the partition threads; with Hazelcast's 16 threads at most 16
        // writers per member could share one.
        config.addExecutorConfig(new ExecutorConfig(STORE_EXECUTOR).setPoolSize(STORE_THREADS));
        ControlMaps.configure(config, cluster);
        PartitionWrite.registerIn(config);
        JobSerializers.registerIn(config.getSerializationConfig());
        return config;
    }

    /**
     * A member sends near caches (the client kit's, for {@code inventory.*}) their invalidations in batches, each
     * batch when it holds 100 or when the batch timer fires. Hazelcast's 10 s timer let a near-cached client serve a
     * value 6.5 s after a REST write had replaced it; with 1 s (the property is in whole seconds) a reader hears of a
     * change about a second after it at most. Batching stays on so that a bulk load sends batches rather than an
     * event per entry to every client. Lost events are the clients' repair task's (docs/java-client.md).
     */
    private static void boundNearCacheStaleness(Config config) {
        config.setProperty("hazelcast.map.invalidation.batch.enabled", "true");
        config.setProperty("hazelcast.map.invalidation.batch.size", "100");
        config.setProperty("hazelcast.map.invalidation.batchfrequency.seconds", "1");
    }
}
