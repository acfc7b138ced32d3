package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Restarts the pods whose revision is not their StatefulSet's, one at a time, highest ordinal first, each only
 * while every member is ready and the cluster safe: the restarting member's partitions then have their backups on
 * the others. Under OnDelete the StatefulSet controller recreates a deleted pod from the current template.
 */
final class RollingRestart {

    static final String REASON = "RollingRestart";
    static final String DONE = "RolledOut";

    private final KubernetesClient client;

    RollingRestart(KubernetesClient client) {
        this.client = client;
    }

    /**
     * One step of the roll: deletes the next outdated pod if the cluster is settled. {@code wasRolling}: the
     * previous reconciliation was rolling, so a roll whose last pod was deleted still waits for it.
     *
     * @return what the roll is doing, or empty when there is nothing to roll or wait for
     */
    Optional<String> step(StatefulSet set, List<Pod> pods, ClusterObservation observation, boolean wasRolling) {
        int replicas = set.getSpec().getReplicas();
        String desired = OwnedObjects.revision(set.getSpec().getTemplate().getMetadata());
        List<Pod> outdated = pods.stream().filter(pod -> ordinal(pod) < replicas)
                .filter(pod -> !Objects.equals(desired, OwnedObjects.revision(pod.getMetadata())))
                .sorted(Comparator.comparingInt(RollingRestart::ordinal).reversed()).toList();
        boolean settled = observation.settled(replicas);
        if (outdated.isEmpty()) {
            return wasRolling && !settled
                    ? Optional.of("waiting for the restarted member to be ready and the cluster safe")
                    : Optional.empty();
        }
        String next = outdated.get(0).getMetadata().getName();
        String left = outdated.size() + " of " + replicas + " pods outdated";
        if (!settled) {
            return Optional.of("waiting for every member ready and the cluster safe before restarting " + next
                    + " (" + left + ")");
        }
        client.resource(outdated.get(0)).delete();
        return Optional.of("restarting " + next + " (" + left + ")");
    }

    private static int ordinal(Pod pod) {
        String name = pod.getMetadata().getName();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }
}
