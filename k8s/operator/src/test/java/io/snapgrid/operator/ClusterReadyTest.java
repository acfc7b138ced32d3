package io.snapgrid.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.snapgrid.operator.api.ClusterMember;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapgridClusterStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A 3-member SnapgridCluster, its StatefulSet turned into real nodes by the simulated controller: Ready only when
 * the members say so (a pod that claims readiness but runs no member does not count), with the members' own ids
 * and the control leader listed.
 */
@Tag("cluster")
@EnableKubernetesMockClient(crud = true)
class ClusterReadyTest {

    KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void readyWhenAllThreeMembersAreOneClusterAsTheyReportIt() throws Exception {
        try (SimulatedStatefulSets sets = new SimulatedStatefulSets(client, OperatorFixture.NAMESPACE, temp);
             OperatorFixture operator = new OperatorFixture(client, sets::rest)) {
            sets.hold("grid-2");
            operator.create("grid", new SnapgridClusterSpec());

            // grid-2's pod says Ready but runs nothing: the members (min-size 2) count two.
            await("two of three members ready").until(() -> operator.condition("grid", Conditions.READY)
                    .filter(c -> c.getStatus().equals("False") && c.getMessage().startsWith("2 of 3 members ready"))
                    .isPresent());
            assertEquals("True", operator.condition("grid", Conditions.PROGRESSING).orElseThrow().getStatus());

            sets.release("grid-2");
            await("Ready=True").until(() -> operator.conditionIs("grid", Conditions.READY, "True"));
            await("ClusterSafe=True").until(() -> operator.conditionIs("grid", Conditions.CLUSTER_SAFE, "True"));
            SnapgridClusterStatus status = operator.get("grid").getStatus();
            assertEquals("False", Conditions.find(status, Conditions.PROGRESSING).orElseThrow().getStatus());
            assertEquals("False", Conditions.find(status, Conditions.DEGRADED).orElseThrow().getStatus());
            assertEquals(List.of("grid-0", "grid-1", "grid-2"),
                    status.getMembers().stream().map(ClusterMember::pod).toList());
            Set<String> actual = Set.of("grid-0", "grid-1", "grid-2").stream()
                    .map(pod -> sets.member(pod).getCluster().getLocalMember().getUuid().toString())
                    .collect(Collectors.toSet());
            assertEquals(actual, status.getMembers().stream().map(ClusterMember::memberId).collect(Collectors.toSet()));
            status.getMembers().forEach(m -> assertEquals(true, m.ready(), m.pod()));
            await("one leader listed").until(() -> operator.get("grid").getStatus().getMembers().stream()
                    .filter(ClusterMember::leader).count() == 1);
            assertNotNull(operator.get("grid").getStatus().getControlEpoch());
        }
    }
}
