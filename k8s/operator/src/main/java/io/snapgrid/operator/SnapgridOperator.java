package io.snapgrid.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's process: reconcilers of SnapgridClusters, SnapgridSnapshots and SnapgridSnapshotSchedules, in every
 * namespace it may watch. Replicas elect a leader through a Lease; only the leader reconciles.
 */
public final class SnapgridOperator {

    /** The Lease the operator's replicas compete for, in the operator's namespace. */
    static final String LEASE = "snapgrid-operator";
    private static final Duration RESYNC = Duration.ofSeconds(10);

    private SnapgridOperator() {
    }

    public static void main(String[] args) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        // The Deployment passes its namespace; outside a cluster the client's current namespace is taken.
        Operator operator = unstarted(client, Optional.of(leaderElection(System.getenv("POD_NAMESPACE"))));
        register(operator, client, new HttpClusterProbe(), MemberAddresses.podIp(), RESYNC);
        operator.start();
        operator.installShutdownHook(Duration.ofSeconds(30));
    }

    /**
     * A started operator without leader election. Status is patched without server-side apply, which fabric8's mock
     * API server (the tests') does not implement; the operator is the only writer of its resources' status, so
     * nothing is lost.
     */
    public static Operator start(KubernetesClient client, ClusterProbe probe, MemberAddresses addresses,
                                 Duration resync) {
        Operator operator = unstarted(client, Optional.empty());
        register(operator, client, probe, addresses, resync);
        operator.start();
        return operator;
    }

    static LeaderElectionConfiguration leaderElection(String namespace) {
        LeaderElectionConfigurationBuilder lease =
                LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE);
        return namespace == null || namespace.isBlank() ? lease.build() : lease.withLeaseNamespace(namespace).build();
    }

    private static void register(Operator operator, KubernetesClient client, ClusterProbe probe,
                                 MemberAddresses addresses, Duration resync) {
        MemberClients members = new MemberClients(client, Clock.systemUTC());
        operator.register(new SnapgridClusterReconciler(client, probe, addresses, members, resync));
        operator.register(new SnapgridSnapshotReconciler(client, addresses, members, resync));
        operator.register(new SnapgridSnapshotScheduleReconciler(client, Clock.systemUTC(), resync));
    }

    /** An operator with no reconciler registered yet, configured as {@link #start} configures it. */
    static Operator unstarted(KubernetesClient client, Optional<LeaderElectionConfiguration> leaderElection) {
        return new Operator(o -> {
            o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false).withCloseClientOnStop(false);
            leaderElection.ifPresent(o::withLeaderElectionConfiguration);
        });
    }
}
