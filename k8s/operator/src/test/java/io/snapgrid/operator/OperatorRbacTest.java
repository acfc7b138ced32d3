package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's ClusterRole (k8s/operator/deploy/rbac.yaml) lets it do what it does: read and write every kind it
 * renders, list pods, read the Secrets a spec names, patch its resources' status, and grant the discovery Role it creates (Kubernetes refuses a
 * Role that grants more than its creator holds).
 */
class OperatorRbacTest {

    private static final Path RBAC = Path.of(System.getProperty("snapgrid.operator.dir", "."))
            .resolve("deploy/rbac.yaml");

    @Test
    void clusterRoleCoversWhatTheOperatorDoes() throws IOException {
        ClusterRole role = clusterRole();
        List<String> missing = new ArrayList<>();
        SnapgridCluster cluster = new SnapgridCluster();
        cluster.getMetadata().setName("grid");
        cluster.setSpec(new SnapgridClusterSpec());
        for (HasMetadata object : OwnedObjects.render(cluster, NodeConfig.render(cluster))) {
            for (String verb : List.of("get", "create", "update")) {
                check(role, HasMetadata.getGroup(object.getClass()), HasMetadata.getPlural(object.getClass()), verb,
                        missing);
            }
            if (object instanceof Role discovery) {
                for (PolicyRule rule : discovery.getRules()) {
                    rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
                            rule.getVerbs().forEach(verb -> check(role, group, resource, verb, missing))));
                }
            }
        }
        check(role, "", "pods", "list", missing);
        check(role, "", "pods", "delete", missing);
        check(role, "", "secrets", "get", missing);
        for (String verb : List.of("create", "delete", "list")) {
            check(role, SnapgridCluster.GROUP, "snapgridsnapshots", verb, missing);
        }
        for (String verb : List.of("get", "list", "watch")) {
            check(role, SnapgridCluster.GROUP, "snapgridsnapshotschedules", verb, missing);
        }
        check(role, SnapgridCluster.GROUP, "snapgridsnapshotschedules/status", "patch", missing);
        for (String verb : List.of("get", "list", "watch")) {
            check(role, SnapgridCluster.GROUP, "snapgridclusters", verb, missing);
        }
        check(role, SnapgridCluster.GROUP, "snapgridclusters/status", "patch", missing);
        assertEquals(List.of(), missing, "not granted by " + RBAC);
    }

    @Test
    void theOperatorsReplicasMayHoldTheLeaderElectionLease() throws IOException {
        List<HasMetadata> objects = rbac();
        Role lease = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
        RoleBinding binding = objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .findFirst().orElseThrow();
        // What JOSDK checks before it elects (a SelfSubjectRulesReview), and what fabric8's LeaseLock uses.
        for (String verb : List.of("get", "create", "update")) {
            assertTrue(lease.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("coordination.k8s.io")
                    && rule.getResources().contains("leases") && rule.getVerbs().contains(verb)), verb + " leases");
        }
        assertEquals(lease.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("snapgrid-operator", binding.getSubjects().get(0).getName());
    }

    private static void check(ClusterRole role, String group, String resource, String verb, List<String> missing) {
        boolean granted = role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains(group)
                && rule.getResources().contains(resource) && rule.getVerbs().contains(verb));
        if (!granted) {
            missing.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource);
        }
    }

    private static ClusterRole clusterRole() throws IOException {
        return rbac().stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast).findFirst()
                .orElseThrow();
    }

    private static List<HasMetadata> rbac() throws IOException {
        try (InputStream in = Files.newInputStream(RBAC)) {
            return new KubernetesSerialization().unmarshal(in);
        }
    }
}
