package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.snapgrid.operator.api.SnapgridSnapshotSchedule;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Two operators compete for the Lease: the first to start holds it and reconciles; when it stops, the other takes
 * the Lease and reconciles. Each runs the schedule reconciler on a fixed clock of its own, so a schedule's
 * nextScheduleTime tells which one wrote its status. The mock API server answers JOSDK's SelfSubjectRulesReview as
 * the Role of deploy/rbac.yaml would (it answers none by itself).
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

    private static final Instant FIRST_CLOCK = Instant.parse("2026-01-01T00:30:00Z");
    private static final Instant SECOND_CLOCK = Instant.parse("2030-01-01T00:30:00Z");

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void theLeaseHolderReconcilesAndAnotherTakesOverWhenItStops() {
        OperatorFixture.installCrds(client);
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule().endStatus().build())
                .always();
        Operator first = operator("first", FIRST_CLOCK);
        Operator second = null;
        boolean firstStopped = false;
        try {
            await("first holds the lease").until(() -> holder().equals(Optional.of("first")));
            second = operator("second", SECOND_CLOCK);
            SnapgridSnapshotSchedule schedule = new SnapgridSnapshotSchedule();
            schedule.getMetadata().setName("hourly");
            schedule.getMetadata().setNamespace(OperatorFixture.NAMESPACE);
            schedule.setSpec(new SnapgridSnapshotSchedule.Spec("grid", List.of("inventory.nodes"), "0 * * * *",
                    null, null, null));
            client.resource(schedule).create();
            await("reconciled by first").until(() -> nextScheduleTime().equals(Optional.of("2026-01-01T01:00:00Z")));

            first.stop();
            firstStopped = true;
            await("second holds the lease").until(() -> holder().equals(Optional.of("second")));
            await("reconciled by second").until(() -> nextScheduleTime().equals(Optional.of("2030-01-01T01:00:00Z")));
        } finally {
            if (!firstStopped) {
                first.stop();
            }
            if (second != null) {
                second.stop();
            }
        }
    }

    private Operator operator(String identity, Instant now) {
        Operator operator = SnapgridOperator.unstarted(client, Optional.of(LeaderElectionConfigurationBuilder
                .aLeaderElectionConfiguration(SnapgridOperator.LEASE).withLeaseNamespace(OperatorFixture.NAMESPACE)
                .withIdentity(identity).withLeaseDuration(Duration.ofSeconds(3))
                .withRenewDeadline(Duration.ofSeconds(2)).withRetryPeriod(Duration.ofMillis(300))
                // A deployed replica exits when it loses the lease (JOSDK's default); here the JVM runs the test.
                .withExitOnStopLeading(false).build()));
        operator.register(new SnapgridSnapshotScheduleReconciler(client, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofMillis(300)));
        operator.start();
        return operator;
    }

    private Optional<String> holder() {
        Lease lease = client.leases().inNamespace(OperatorFixture.NAMESPACE).withName(SnapgridOperator.LEASE).get();
        return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
    }

    private Optional<String> nextScheduleTime() {
        SnapgridSnapshotSchedule schedule = client.resources(SnapgridSnapshotSchedule.class)
                .inNamespace(OperatorFixture.NAMESPACE).withName("hourly").get();
        return Optional.ofNullable(schedule.getStatus()).map(SnapgridSnapshotSchedule.Status::nextScheduleTime);
    }
}
