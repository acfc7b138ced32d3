package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.snapgrid.operator.api.DataVolume;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapshotStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's objects agree with what {@code kubectl apply -k k8s/overlays/production} deploys (rendered with
 * {@code kubectl kustomize}, offline) where they must: ports, probes, security contexts, environment; they differ
 * only where the operator means to (names and selectors per cluster, OnDelete, owner references).
 */
class OwnedObjectsTest {

    private static final Path K8S = Path.of(System.getProperty("snapgrid.k8s.dir", ".."));

    @Test
    void statefulSetAgreesWithTheProductionOverlay() throws Exception {
        StatefulSet overlay = productionStatefulSet();
        SnapgridCluster cluster = cluster("grid");
        cluster.getSpec().setDataVolume(new DataVolume("50Gi", null));
        cluster.getSpec().setSnapshotStore(new SnapshotStore(new SnapshotStore.Volume("snapgrid-snapshots"), null));
        StatefulSet operator = OwnedObjects.statefulSet(OwnedObjects.render(cluster, NodeConfig.render(cluster)));

        Container expected = overlay.getSpec().getTemplate().getSpec().getContainers().get(0);
        Container actual = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(expected.getPorts(), actual.getPorts());
        assertEquals(expected.getStartupProbe(), actual.getStartupProbe());
        assertEquals(expected.getReadinessProbe(), actual.getReadinessProbe());
        assertEquals(expected.getLivenessProbe(), actual.getLivenessProbe());
        assertEquals(expected.getSecurityContext(), actual.getSecurityContext());
        assertEquals(expected.getArgs(), actual.getArgs());
        assertEquals(env(expected), env(actual), "environment (the overlay has 3 replicas, so has the cluster)");
        assertEquals(overlay.getSpec().getTemplate().getSpec().getSecurityContext(),
                operator.getSpec().getTemplate().getSpec().getSecurityContext());
        assertEquals(overlay.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds(),
                operator.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
        assertEquals(overlay.getSpec().getPodManagementPolicy(), operator.getSpec().getPodManagementPolicy());
        assertEquals(overlay.getSpec().getReplicas(), operator.getSpec().getReplicas());
        assertEquals(overlay.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources(),
                operator.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources());
        assertEquals("OnDelete", operator.getSpec().getUpdateStrategy().getType());
        assertEquals("grid-members", operator.getSpec().getServiceName());
        assertEquals("grid", operator.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void everyObjectIsOwnedAndEverySelectorNarrowedToTheCluster() {
        SnapgridCluster cluster = cluster("blue");
        List<HasMetadata> objects = OwnedObjects.render(cluster, NodeConfig.render(cluster));
        assertEquals(9, objects.size(), "ServiceAccount, Role, RoleBinding, 2 Services, StatefulSet, PDB, "
                + "NetworkPolicy, ConfigMap");
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (HasMetadata object : objects) {
            String where = object.getKind() + "/" + object.getMetadata().getName();
            assertTrue(object.getMetadata().getName().startsWith("blue"), where);
            assertEquals("blue-uid", object.getMetadata().getOwnerReferences().get(0).getUid(), where);
            String json = serialization.asJson(object);
            // Each place that names the app (labels, selectors, matchLabels) also names the instance: the same
            // count, plus the object's own labels where they do not name the app.
            int apps = json.split("\"app.kubernetes.io/name\"", -1).length - 1;
            int instances = json.split("\"app.kubernetes.io/instance\":\"blue\"", -1).length - 1;
            assertTrue(instances >= apps && instances > 0, where + ": " + json);
        }
    }

    private static SnapgridCluster cluster(String name) {
        SnapgridCluster cluster = new SnapgridCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace("ns");
        cluster.getMetadata().setUid(name + "-uid");
        cluster.setSpec(new SnapgridClusterSpec());
        return cluster;
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName,
                v -> v.getValue() == null ? "from " + v.getValueFrom().getFieldRef().getFieldPath() : v.getValue()));
    }

    private static StatefulSet productionStatefulSet() throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", K8S.resolve("overlays/production").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS) && kubectl.exitValue() == 0, "kubectl kustomize failed");
        List<HasMetadata> objects = new KubernetesSerialization().unmarshal(yaml);
        return objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).findFirst()
                .orElseThrow();
    }
}
