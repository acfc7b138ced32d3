package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.snapgrid.operator.api.DataVolume;
import io.snapgrid.operator.api.Security;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapshotStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's objects agree with what {@code kubectl apply -k k8s/overlays/production} deploys (rendered with
 * {@code kubectl kustomize}, offline) where they must: ports, probes, security contexts, environment; they differ
 * only where the operator means to (names and selectors per cluster, OnDelete, owner references).
 */
@EnableKubernetesMockClient(crud = true)
class OwnedObjectsTest {

    private static final Path K8S = Path.of(System.getProperty("snapgrid.k8s.dir", ".."));

    KubernetesClient client;

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
    void anS3StoreBecomesTheNodesKeysTheSecretsCredentialsAndACommitLogOnTheDataClaim() throws Exception {
        SnapgridCluster cluster = cluster("grid");
        cluster.getSpec().setDataVolume(new DataVolume("50Gi", null));
        cluster.getSpec().setSnapshotStore(new SnapshotStore(null, new SnapshotStore.S3("http://minio:9000",
                "snapgrid-prod", "grid/", "eu-central-1", true, false, "grid-s3")));
        String yaml = NodeConfig.render(cluster);
        StatefulSet set = OwnedObjects.statefulSet(OwnedObjects.render(cluster, yaml));

        JsonNode snapshots = BaseManifests.YAML.readTree(yaml).path("snapshots");
        assertEquals("s3", snapshots.path("store").asText());
        assertEquals(BaseManifests.YAML.readTree("""
                endpoint: http://minio:9000
                bucket: snapgrid-prod
                prefix: grid/
                region: eu-central-1
                path-style-access: true
                upload-checksums: false
                """), snapshots.path("s3"));
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = env(container);
        assertEquals("/data/commit-logs", env.get(OwnedObjects.COMMIT_LOG_ROOT));
        assertEquals("secret grid-s3/access-key-id", env.get("AWS_ACCESS_KEY_ID"));
        assertEquals("secret grid-s3/secret-access-key", env.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals("/data", container.getVolumeMounts().stream().filter(m -> m.getName().equals("data"))
                .findFirst().orElseThrow().getMountPath());
        assertEquals(List.of("data"), set.getSpec().getVolumeClaimTemplates().stream()
                .map(claim -> claim.getMetadata().getName()).toList(), "the commit log's claim");
        assertEquals(List.of(), SpecCheck.problems(cluster.getSpec(), yaml, set,
                ClusterSecrets.read(client, "ns", null)), "the node's settings loader");
    }

    @Test
    void securityMountsTheSecretsReadOnlyNamesTheirFilesAndProbesOverHttps() throws Exception {
        SecuritySecrets secrets = new SecuritySecrets();
        secrets.create(client, "ns");
        SnapgridCluster cluster = cluster("grid");
        Security security = SecuritySecrets.spec();
        cluster.getSpec().setSecurity(new Security(new Security.Jwt(security.jwt().hmacSecret(), null,
                "https://issuer.example", "snapgrid", "groups", null), security.tls()));
        String yaml = NodeConfig.render(cluster);
        StatefulSet set = OwnedObjects.statefulSet(OwnedObjects.render(cluster, yaml));
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertEquals(new SecretVolumeSourceBuilder().withSecretName(SecuritySecrets.JWT).withDefaultMode(0440)
                .addNewItem().withKey(SecuritySecrets.HMAC_KEY).withPath("hmac-secret").endItem().build(),
                volumes.get("jwt").getSecret());
        assertEquals(new SecretVolumeSourceBuilder().withSecretName(SecuritySecrets.TLS).withDefaultMode(0440).build(),
                volumes.get("rest-tls").getSecret());
        Map<String, VolumeMount> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, m -> m));
        assertEquals("/var/run/secrets/snapgrid/jwt", mounts.get("jwt").getMountPath());
        assertEquals("/var/run/secrets/snapgrid/tls", mounts.get("rest-tls").getMountPath());
        assertTrue(mounts.get("jwt").getReadOnly() && mounts.get("rest-tls").getReadOnly(), "read-only mounts");
        Map<String, String> env = env(container);
        assertEquals("/var/run/secrets/snapgrid/jwt/hmac-secret", env.get("SNAPGRID_JWT_HMAC_SECRET_FILE"));
        assertEquals("/var/run/secrets/snapgrid/tls/tls.crt", env.get("SNAPGRID_REST_TLS_CERTIFICATE"));
        assertEquals("/var/run/secrets/snapgrid/tls/tls.key", env.get("SNAPGRID_REST_TLS_PRIVATE_KEY"));
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                container.getLivenessProbe())) {
            assertEquals("HTTPS", probe.getHttpGet().getScheme());
        }
        assertEquals(BaseManifests.YAML.readTree("""
                enabled: true
                jwt:
                  issuer: https://issuer.example
                  audience: snapgrid
                  roles-claim: groups
                """), BaseManifests.YAML.readTree(yaml).path("security"), 
                "no secret in the ConfigMap, no exception for REST without tokens");
        Pod running = new PodBuilder().withSpec(pod).withNewStatus().withPodIP("10.0.0.7").endStatus().build();
        assertEquals(URI.create("https://10.0.0.7:8080"), MemberAddresses.podIp().rest(running).orElseThrow());
        // The node's loader reads the Secrets' files where the variables name them: the certificate and key
        // match, the secret is long enough.
        assertEquals(List.of(), SpecCheck.problems(cluster.getSpec(), yaml, set,
                ClusterSecrets.read(client, "ns", cluster.getSpec().getSecurity())));
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
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v ->
                v.getValue() != null ? v.getValue()
                        : v.getValueFrom().getSecretKeyRef() != null ? "secret " + v.getValueFrom().getSecretKeyRef()
                        .getName() + "/" + v.getValueFrom().getSecretKeyRef().getKey()
                        : "from " + v.getValueFrom().getFieldRef().getFieldPath()));
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
