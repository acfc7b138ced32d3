package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.snapgrid.operator.api.SnapgridClusterStatus;

import java.time.Instant;
import java.util.Optional;

/** The four conditions of a SnapgridCluster; a condition's transition time moves only when its status does. */
final class Conditions {

    static final String READY = "Ready";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String CLUSTER_SAFE = "ClusterSafe";

    private Conditions() {
    }

    static void set(SnapgridClusterStatus status, String type, Boolean value, String reason, String message,
                    Long generation) {
        String text = value == null ? "Unknown" : value ? "True" : "False";
        Optional<Condition> previous = find(status, type);
        String since = previous.filter(c -> c.getStatus().equals(text)).map(Condition::getLastTransitionTime)
                .orElse(Instant.now().toString());
        status.getConditions().removeIf(c -> c.getType().equals(type));
        status.getConditions().add(new ConditionBuilder().withType(type).withStatus(text).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).withObservedGeneration(generation).build());
    }

    static Optional<Condition> find(SnapgridClusterStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }
}
