package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.snapgrid.operator.api.SnapgridSnapshot;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule.Spec;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Creates a SnapgridSnapshot, owned by the schedule, at each of its times, and deletes the oldest ended ones
 * beyond the history limits, as a CronJob does with Jobs. Times missed while the operator was down or the schedule
 * suspended give one snapshot, for the latest of them. The clock is a parameter so tests can move time.
 */
public final class SnapgridSnapshotScheduleReconciler implements Reconciler<SnapgridSnapshotSchedule> {

    /** On each snapshot a schedule created: the schedule's name. */
    static final String SCHEDULE_LABEL = "snapgrid.io/schedule";
    /** On each snapshot a schedule created: the scheduled time it stands for. */
    static final String SCHEDULED_AT = "snapgrid.io/scheduled-at";

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration resync;

    public SnapgridSnapshotScheduleReconciler(KubernetesClient client, Clock clock, Duration resync) {
        this.client = client;
        this.clock = clock;
        this.resync = resync;
    }

    @Override
    public UpdateControl<SnapgridSnapshotSchedule> reconcile(SnapgridSnapshotSchedule schedule,
                                                             Context<SnapgridSnapshotSchedule> context) {
        Spec spec = schedule.getSpec();
        Status previous = schedule.getStatus();
        long generation = schedule.getMetadata().getGeneration() == null ? 0 : schedule.getMetadata().getGeneration();
        List<Condition> conditions = previous == null || previous.conditions() == null ? new ArrayList<>()
                : new ArrayList<>(previous.conditions());
        Instant now = clock.instant();
        String lastScheduled = previous == null ? null : previous.lastScheduleTime();
        List<SnapgridSnapshot> snapshots = new ArrayList<>(snapshots(schedule));

        CronSchedule cron;
        try {
            cron = CronSchedule.parse(spec.schedule());
        } catch (IllegalArgumentException bad) {
            Conditions.set(conditions, Conditions.SCHEDULED, false, "InvalidSchedule",
                    "spec.schedule: " + bad.getMessage(), generation);
            return update(schedule, new Status(lastScheduled, lastSuccessful(previous, snapshots), null,
                    active(snapshots), conditions));
        }
        Instant since = lastScheduled != null ? Instant.parse(lastScheduled) : created(schedule, now);
        Optional<Instant> due = latestDue(cron, since, now);
        if (due.isPresent() && !spec.suspended()) {
            snapshots.add(create(schedule, due.get()));
            lastScheduled = due.get().toString();
        }
        prune(snapshots, "Succeeded", spec.successfulLimit());
        prune(snapshots, "Failed", spec.failedLimit());
        Optional<Instant> next = cron.next(now);
        if (spec.suspended()) {
            Conditions.set(conditions, Conditions.SCHEDULED, false, "Suspended",
                    "spec.suspend is true: no new snapshots", generation);
        } else {
            Conditions.set(conditions, Conditions.SCHEDULED, next.isPresent(), next.isPresent() ? "Scheduling"
                    : "NeverDue", next.map(t -> "next snapshot at " + t).orElse("the schedule matches no date"),
                    generation);
        }
        return update(schedule, new Status(lastScheduled, lastSuccessful(previous, snapshots),
                next.map(Instant::toString).orElse(null), active(snapshots), conditions));
    }

    private UpdateControl<SnapgridSnapshotSchedule> update(SnapgridSnapshotSchedule schedule, Status status) {
        schedule.setStatus(status);
        return UpdateControl.patchStatus(schedule).rescheduleAfter(resync);
    }

    /** The latest scheduled time after {@code since} and not after {@code now}. */
    private static Optional<Instant> latestDue(CronSchedule cron, Instant since, Instant now) {
        Optional<Instant> due = Optional.empty();
        for (Optional<Instant> time = cron.next(since); time.isPresent() && !time.get().isAfter(now);
             time = cron.next(time.get())) {
            due = time;
        }
        return due;
    }

    private static Instant created(SnapgridSnapshotSchedule schedule, Instant now) {
        String created = schedule.getMetadata().getCreationTimestamp();
        return created == null ? now : Instant.parse(created);
    }

    private List<SnapgridSnapshot> snapshots(SnapgridSnapshotSchedule schedule) {
        return client.resources(SnapgridSnapshot.class).inNamespace(schedule.getMetadata().getNamespace())
                .withLabel(SCHEDULE_LABEL, schedule.getMetadata().getName()).list().getItems();
    }

    /** Named after the schedule and the minute it stands for, so a retried reconciliation finds it made. */
    private SnapgridSnapshot create(SnapgridSnapshotSchedule schedule, Instant time) {
        SnapgridSnapshot snapshot = new SnapgridSnapshot();
        snapshot.getMetadata().setName(schedule.getMetadata().getName() + "-" + time.getEpochSecond() / 60);
        snapshot.getMetadata().setNamespace(schedule.getMetadata().getNamespace());
        snapshot.getMetadata().getLabels().put(SCHEDULE_LABEL, schedule.getMetadata().getName());
        snapshot.getMetadata().getAnnotations().put(SCHEDULED_AT, time.toString());
        snapshot.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(schedule.getApiVersion()).withKind(schedule.getKind())
                .withName(schedule.getMetadata().getName()).withUid(schedule.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build()));
        snapshot.setSpec(new SnapgridSnapshot.Spec(schedule.getSpec().clusterName(), schedule.getSpec().maps()));
        SnapgridSnapshot existing = client.resource(snapshot).get();
        return existing != null ? existing : client.resource(snapshot).create();
    }

    /** Deletes the oldest snapshots in {@code state} beyond {@code limit}, and drops them from the list. */
    private void prune(List<SnapgridSnapshot> snapshots, String state, int limit) {
        List<SnapgridSnapshot> ended = snapshots.stream().filter(s -> state.equals(state(s)))
                .sorted(Comparator.comparing(SnapgridSnapshotScheduleReconciler::scheduledAt).reversed()).toList();
        for (SnapgridSnapshot old : ended.subList(Math.min(limit, ended.size()), ended.size())) {
            client.resource(old).delete();
            snapshots.remove(old);
        }
    }

    private static List<String> active(List<SnapgridSnapshot> snapshots) {
        return snapshots.stream().filter(s -> !"Succeeded".equals(state(s)) && !"Failed".equals(state(s)))
                .map(s -> s.getMetadata().getName()).sorted().toList();
    }

    private static String lastSuccessful(Status previous, List<SnapgridSnapshot> snapshots) {
        Optional<String> newest = snapshots.stream().filter(s -> "Succeeded".equals(state(s)))
                .map(SnapgridSnapshotScheduleReconciler::scheduledAt).max(Comparator.naturalOrder());
        String before = previous == null ? null : previous.lastSuccessfulTime();
        // Pruning may have deleted the snapshot the previous value came from; it stays the last success.
        return newest.filter(t -> before == null || Instant.parse(t).isAfter(Instant.parse(before))).orElse(before);
    }

    private static String state(SnapgridSnapshot snapshot) {
        return snapshot.getStatus() == null ? null : snapshot.getStatus().state();
    }

    private static String scheduledAt(SnapgridSnapshot snapshot) {
        return snapshot.getMetadata().getAnnotations().getOrDefault(SCHEDULED_AT, "");
    }
}
