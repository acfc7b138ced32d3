package io.snapgrid.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.snapgrid.operator.api.SnapgridSnapshot;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The schedule reconciler alone, on a clock the test moves: no snapshot before its time, one at each time (owned by
 * the schedule), the oldest ended ones deleted beyond the history limits, none while suspended, and on resuming one
 * for the latest time missed. The test plays the snapshot reconciler, writing each snapshot's end into its status.
 */
@EnableKubernetesMockClient(crud = true)
class SnapshotScheduleTest {

    private static final String NAME = "hourly";
    private static final Duration HOUR = Duration.ofHours(1);

    KubernetesClient client;

    @Test
    void snapshotsAtItsTimesKeepsTheHistoryLimitsAndStopsWhenSuspended() {
        OperatorFixture.installCrds(client);
        // Behind the API server's clock, which stamps creationTimestamp: nothing is due until the test says so.
        MovableClock clock = new MovableClock(Instant.now().minus(HOUR));
        Operator operator = SnapgridOperator.unstarted(client, Optional.empty());
        operator.register(new SnapgridSnapshotScheduleReconciler(client, clock, Duration.ofMillis(300)));
        operator.start();
        try {
            SnapgridSnapshotSchedule schedule = new SnapgridSnapshotSchedule();
            schedule.getMetadata().setName(NAME);
            schedule.getMetadata().setNamespace(OperatorFixture.NAMESPACE);
            schedule.setSpec(new SnapgridSnapshotSchedule.Spec("grid", List.of("inventory.nodes"), "0 * * * *",
                    null, 2, 1));
            schedule = client.resource(schedule).create();
            Instant first = CronSchedule.parse("0 * * * *")
                    .next(Instant.parse(schedule.getMetadata().getCreationTimestamp())).orElseThrow();

            await("the schedule looked at").until(() -> status().map(s -> s.nextScheduleTime() != null)
                    .orElse(false));
            assertEquals(List.of(), names(), "snapshots before the first time");

            List<String> ends = List.of("Succeeded", "Succeeded", "Succeeded", "Succeeded", "Failed", "Failed");
            for (int hour = 0; hour < ends.size(); hour++) {
                Instant time = first.plus(HOUR.multipliedBy(hour));
                clock.set(time.plusSeconds(30));
                String name = NAME + "-" + time.getEpochSecond() / 60;
                await(name + " created").until(() -> names().contains(name)
                        && status().map(s -> s.active().equals(List.of(name))).orElse(false));
                SnapgridSnapshot made = snapshot(name);
                assertEquals(NAME, made.getMetadata().getOwnerReferences().get(0).getName());
                assertEquals(new SnapgridSnapshot.Spec("grid", List.of("inventory.nodes")), made.getSpec());
                assertEquals(time.toString(), status().orElseThrow().lastScheduleTime());
                end(name, ends.get(hour));
                await(name + " no longer active").until(() -> status().map(s -> s.active().isEmpty()).orElse(false));
            }
            Instant lastSuccess = first.plus(HOUR.multipliedBy(3));
            await("the newest 2 succeeded and the newest failed kept").until(() -> names().equals(List.of(
                    NAME + "-" + first.plus(HOUR.multipliedBy(2)).getEpochSecond() / 60,
                    NAME + "-" + lastSuccess.getEpochSecond() / 60,
                    NAME + "-" + first.plus(HOUR.multipliedBy(5)).getEpochSecond() / 60)));
            assertEquals(lastSuccess.toString(), status().orElseThrow().lastSuccessfulTime());

            edit(s -> new SnapgridSnapshotSchedule.Spec(s.clusterName(), s.maps(), s.schedule(), true, 2, 1));
            await("Scheduled=False/Suspended").until(() -> status().flatMap(s -> Conditions.find(s.conditions(),
                    Conditions.SCHEDULED)).filter(c -> c.getReason().equals("Suspended")).isPresent());
            Instant missed = first.plus(HOUR.multipliedBy(ends.size()));
            clock.set(missed.plusSeconds(30));
            await("looked at after the missed time").until(() -> status().map(s -> s.nextScheduleTime()
                    .equals(missed.plus(HOUR).toString())).orElse(false));
            assertEquals(3, names().size(), "snapshots after a time passed while suspended: " + names());

            edit(s -> new SnapgridSnapshotSchedule.Spec(s.clusterName(), s.maps(), s.schedule(), false, 2, 1));
            await("the missed time made up on resuming").until(() -> names()
                    .contains(NAME + "-" + missed.getEpochSecond() / 60));
        } finally {
            operator.stop();
        }
    }

    private Optional<SnapgridSnapshotSchedule.Status> status() {
        SnapgridSnapshotSchedule schedule = client.resources(SnapgridSnapshotSchedule.class)
                .inNamespace(OperatorFixture.NAMESPACE).withName(NAME).get();
        return Optional.ofNullable(schedule.getStatus());
    }

    private void edit(UnaryOperator<SnapgridSnapshotSchedule.Spec> change) {
        client.resources(SnapgridSnapshotSchedule.class).inNamespace(OperatorFixture.NAMESPACE).withName(NAME)
                .edit(schedule -> {
                    schedule.setSpec(change.apply(schedule.getSpec()));
                    return schedule;
                });
    }

    private List<String> names() {
        return client.resources(SnapgridSnapshot.class).inNamespace(OperatorFixture.NAMESPACE).list().getItems()
                .stream().map(s -> s.getMetadata().getName()).sorted().toList();
    }

    private SnapgridSnapshot snapshot(String name) {
        return client.resources(SnapgridSnapshot.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    }

    private void end(String name, String state) {
        client.resources(SnapgridSnapshot.class).inNamespace(OperatorFixture.NAMESPACE).withName(name)
                .editStatus(snapshot -> {
                    snapshot.setStatus(new SnapgridSnapshot.Status(state, "1 of 1 maps done", null, null, null));
                    return snapshot;
                });
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
