package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Renders a cluster's objects from its spec and applies them, unless the node would refuse the spec; then reads
 * the cluster's state from its members. Members change without any Kubernetes event the operator watches, so every
 * cluster is looked at again after {@code resync}.
 */
public final class SnapgridClusterReconciler implements Reconciler<SnapgridCluster> {

    private final KubernetesClient client;
    private final OwnedObjectSync sync;
    private final ClusterProbe probe;
    private final MemberAddresses addresses;
    private final Duration resync;
    /** The verdict on each rendered configuration already checked: starting the loader takes about a second. */
    private final Map<String, List<String>> checked = new ConcurrentHashMap<>();

    public SnapgridClusterReconciler(KubernetesClient client, ClusterProbe probe, MemberAddresses addresses,
                                     Duration resync) {
        this.client = client;
        this.sync = new OwnedObjectSync(client);
        this.probe = probe;
        this.addresses = addresses;
        this.resync = resync;
    }

    @Override
    public UpdateControl<SnapgridCluster> reconcile(SnapgridCluster cluster, Context<SnapgridCluster> context) {
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        String configYaml = NodeConfig.render(cluster);
        List<HasMetadata> objects = OwnedObjects.render(cluster, configYaml);
        StatefulSet set = OwnedObjects.statefulSet(objects);
        List<String> problems = checked.computeIfAbsent(
                OwnedObjects.sha256(configYaml + "\n" + context.getClient().getKubernetesSerialization()
                        .asJson(cluster.getSpec())),
                key -> SpecCheck.problems(cluster.getSpec(), configYaml, set));
        SnapgridClusterStatus status = cluster.getStatus() == null ? new SnapgridClusterStatus() : cluster.getStatus();
        if (problems.isEmpty()) {
            objects.forEach(sync::apply);
            Conditions.set(status, Conditions.DEGRADED, false, "SpecAccepted",
                    "the node's settings loader accepts the rendered snapgrid.yaml", generation);
        } else {
            Conditions.set(status, Conditions.DEGRADED, true, "InvalidSpec",
                    "nothing applied; the node would refuse this spec:\n" + String.join("\n", problems), generation);
        }
        List<Pod> pods = client.pods().inNamespace(cluster.getMetadata().getNamespace())
                .withLabels(set.getSpec().getSelector().getMatchLabels()).list().getItems();
        ClusterObservation.of(cluster.getSpec().getReplicas(), pods, probe, addresses).describe(status, generation);
        status.setSelector(set.getSpec().getSelector().getMatchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")));
        status.setObservedGeneration(generation);
        cluster.setStatus(status);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(resync);
    }
}
