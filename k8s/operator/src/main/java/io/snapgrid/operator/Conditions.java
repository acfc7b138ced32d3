package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.snapgrid.operator.api.SnapgridClusterStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conditions of the operator's resources; a condition's transition time moves only when its status does. */
final class Conditions {

    static final String READY = "Ready";
    static final String PROGRESSING = "Progressing";
    static final String DEGRADED = "Degraded";
    static final String CLUSTER_SAFE = "ClusterSafe";
    /** Of a SnapgridSnapshotSchedule: whether it creates snapshots at its times. */
    static final String SCHEDULED = "Scheduled";

    private Conditions() {
    }

    static void set(SnapgridClusterStatus status, String type, Boolean value, String reason, String message,
                    Long generation) {
        set(status.getConditions(), type, value, reason, message, generation);
    }

    static void set(List<Condition> conditions, String type, Boolean value, String reason, String message,
                    Long generation) {
        String text = value == null ? "Unknown" : value ? "True" : "False";
        Optional<Condition> previous = find(conditions, type);
        String since = previous.filter(c -> c.getStatus().equals(text)).map(Condition::getLastTransitionTime)
                .orElse(Instant.now().toString());
        conditions.removeIf(c -> c.getType().equals(type));
        conditions.add(new ConditionBuilder().withType(type).withStatus(text).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).withObservedGeneration(generation).build());
    }

    static Optional<Condition> find(SnapgridClusterStatus status, String type) {
        return find(status.getConditions(), type);
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
    }
}
