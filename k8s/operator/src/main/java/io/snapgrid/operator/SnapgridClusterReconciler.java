package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Condition;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Renders a cluster's objects from its spec and applies them, unless the node would refuse the spec; then reads
 * the cluster's state from its members, and restarts outdated pods one at a time. Members change without any
 * Kubernetes event the operator watches, so every cluster is looked at again after {@code resync}.
 */
public final class SnapgridClusterReconciler implements Reconciler<SnapgridCluster> {

    private final KubernetesClient client;
    private final OwnedObjectSync sync;
    private final RollingRestart roll;
    private final ClusterProbe probe;
    private final MemberAddresses addresses;
    private final MemberClients members;
    private final Duration resync;
    /** The verdict on each rendered configuration already checked: starting the loader takes about a second. */
    private final Map<String, List<String>> checked = new ConcurrentHashMap<>();

    public SnapgridClusterReconciler(KubernetesClient client, ClusterProbe probe, MemberAddresses addresses,
                                     MemberClients members, Duration resync) {
        this.client = client;
        this.sync = new OwnedObjectSync(client);
        this.roll = new RollingRestart(client);
        this.probe = probe;
        this.addresses = addresses;
        this.members = members;
        this.resync = resync;
    }

    @Override
    public UpdateControl<SnapgridCluster> reconcile(SnapgridCluster cluster, Context<SnapgridCluster> context) {
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        String configYaml = NodeConfig.render(cluster);
        List<HasMetadata> objects = OwnedObjects.render(cluster, configYaml);
        StatefulSet set = OwnedObjects.statefulSet(objects);
        ClusterSecrets secrets = members.secrets(cluster);
        List<String> problems = checked.computeIfAbsent(
                OwnedObjects.sha256(configYaml + "\n" + context.getClient().getKubernetesSerialization()
                        .asJson(cluster.getSpec()) + "\n" + secrets.fingerprint()),
                key -> SpecCheck.problems(cluster.getSpec(), configYaml, set, secrets));
        SnapgridClusterStatus status = cluster.getStatus() == null ? new SnapgridClusterStatus() : cluster.getStatus();
        String namespace = cluster.getMetadata().getNamespace();
        List<Pod> pods = client.pods().inNamespace(namespace)
                .withLabels(set.getSpec().getSelector().getMatchLabels()).list().getItems();
        ClusterObservation observation = ClusterObservation.of(pods, probe, members.rest(cluster, secrets),
                addresses);
        String previousProgress = Conditions.find(status, Conditions.PROGRESSING).map(Condition::getReason).orElse("");
        Optional<String> rolling = Optional.empty();
        if (problems.isEmpty()) {
            set.getSpec().setReplicas(step(namespace, set, observation));
            objects.forEach(sync::apply);
            rolling = roll.step(set, pods, observation, previousProgress.equals(RollingRestart.REASON));
            Conditions.set(status, Conditions.DEGRADED, false, "SpecAccepted",
                    "the node's settings loader accepts the rendered snapgrid.yaml", generation);
        } else {
            Conditions.set(status, Conditions.DEGRADED, true, "InvalidSpec",
                    "nothing applied; the node would refuse this spec:\n" + String.join("\n", problems), generation);
        }
        int replicas = cluster.getSpec().getReplicas();
        observation.describe(status, replicas, generation);
        if (rolling.isPresent()) {
            Conditions.set(status, Conditions.PROGRESSING, true, RollingRestart.REASON, rolling.get(), generation);
        } else if ((previousProgress.equals(RollingRestart.REASON) || previousProgress.equals(RollingRestart.DONE))
                && observation.settled(replicas)) {
            Conditions.set(status, Conditions.PROGRESSING, false, RollingRestart.DONE,
                    "every pod runs the current configuration and image", generation);
        }
        status.setSelector(set.getSpec().getSelector().getMatchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")));
        status.setObservedGeneration(generation);
        cluster.setStatus(status);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(resync);
    }

    /**
     * The StatefulSet's next replica count: up at once, but down one member at a time, each only once the
     * remaining members are ready and safe (no partition without its backup), so a member never leaves while
     * another's partitions are still migrating.
     */
    private int step(String namespace, StatefulSet desired, ClusterObservation observation) {
        int target = desired.getSpec().getReplicas();
        StatefulSet existing = client.apps().statefulSets().inNamespace(namespace)
                .withName(desired.getMetadata().getName()).get();
        if (existing == null || existing.getSpec().getReplicas() <= target) {
            return target;
        }
        int current = existing.getSpec().getReplicas();
        return observation.settled(current) ? current - 1 : current;
    }
}
