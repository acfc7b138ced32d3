package io.snapgrid.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;

import java.time.Duration;

/** The operator's process: reconcilers of SnapgridClusters and SnapgridSnapshots, in every namespace it may watch. */
public final class SnapgridOperator {

    private static final Duration RESYNC = Duration.ofSeconds(10);

    private SnapgridOperator() {
    }

    public static void main(String[] args) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        Operator operator = start(client, new HttpClusterProbe(), MemberAddresses.podIp(), RESYNC);
        operator.installShutdownHook(Duration.ofSeconds(30));
    }

    /**
     * A started operator. Status is patched without server-side apply, which fabric8's mock API server (the tests')
     * does not implement; the operator is the only writer of its resources' status, so nothing is lost.
     */
    public static Operator start(KubernetesClient client, ClusterProbe probe, MemberAddresses addresses,
                                 Duration resync) {
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false).withCloseClientOnStop(false));
        operator.register(new SnapgridClusterReconciler(client, probe, addresses, resync));
        operator.register(new SnapgridSnapshotReconciler(client, addresses, resync));
        operator.start();
        return operator;
    }
}
