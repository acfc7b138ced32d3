package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.List;

/**
 * Full snapshots of some maps of one cluster on a cron schedule: the operator creates a SnapgridSnapshot, owned by
 * the schedule, at each scheduled time, and keeps the newest ended ones up to the history limits.
 */
@Group(SnapgridCluster.GROUP)
@Version(SnapgridCluster.VERSION)
@ShortNames("sgss")
public class SnapgridSnapshotSchedule
        extends CustomResource<SnapgridSnapshotSchedule.Spec, SnapgridSnapshotSchedule.Status> implements Namespaced {

    @Override
    protected Spec initSpec() {
        return null;
    }

    @Override
    protected Status initStatus() {
        return null;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(
            @Required @JsonPropertyDescription("A SnapgridCluster of this namespace.") String clusterName,
            @Required List<String> maps,
            @Required @JsonPropertyDescription("Five-field cron (minute hour day-of-month month day-of-week), UTC.")
            String schedule,
            @JsonPropertyDescription("No new snapshots while true; the ones running go on.") Boolean suspend,
            @Min(0) @JsonPropertyDescription("Succeeded snapshots kept (default 3).") Integer successfulHistoryLimit,
            @Min(0) @JsonPropertyDescription("Failed snapshots kept (default 1).") Integer failedHistoryLimit) {

        public boolean suspended() {
            return Boolean.TRUE.equals(suspend);
        }

        public int successfulLimit() {
            return successfulHistoryLimit == null ? 3 : successfulHistoryLimit;
        }

        public int failedLimit() {
            return failedHistoryLimit == null ? 1 : failedHistoryLimit;
        }
    }

    /**
     * @param lastScheduleTime   the scheduled time of the newest snapshot created
     * @param lastSuccessfulTime the scheduled time of the newest snapshot that succeeded
     * @param nextScheduleTime   when the next one is due (also while suspended)
     * @param active             the snapshots created and not yet ended
     * @param conditions         Scheduled: True, or False with reason Suspended or InvalidSchedule
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String lastScheduleTime, String lastSuccessfulTime, String nextScheduleTime,
                         List<String> active, List<Condition> conditions) {

        /** An empty list may come back from the API server as no field at all. */
        public Status {
            active = active == null ? List.of() : active;
            conditions = conditions == null ? List.of() : conditions;
        }
    }
}
