package io.snapgrid.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.snapgrid.jobs.testing.FreePorts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real nodes, started as the production overlay's pods would start them (the container's args and environment, the
 * ConfigMap's snapgrid.yaml, the Dockerfile's JVM options), find each other through Hazelcast's Kubernetes
 * discovery in API mode, asking fabric8's mock API server (CRUD mode) for the endpoints of the headless Service.
 * What differs from a pod: every member is on 127.0.0.1 with ports of its own (the container's are fixed), its
 * directories are temporary, and the API server's address and token, which a pod takes from its service account, are
 * given as Hazelcast's system properties hazelcast.kubernetes.*. No controller runs: the test writes the
 * EndpointSlices the endpoint-slice controller would.
 */
@Tag("cluster")
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDiscoveryTest {

    private static final String NAMESPACE = "snapgrid-test";
    private static final int MEMBERS = 2;
    private static final Duration FORMED_LIMIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void membersOfTheProductionOverlayFormOneClusterThroughTheApiServer() throws Exception {
        List<HasMetadata> resources = Kustomize.render(ManifestsTest.PRODUCTION);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        assertTrue(set.getSpec().getReplicas() > MEMBERS, "the overlay's min-size must let " + MEMBERS
                + " of its members be ready: the test starts that many");

        // What kubectl apply and the controllers would leave in the namespace, as far as discovery reads it.
        client.resource(set).inNamespace(NAMESPACE).create();
        NodeLaunch first = NodeLaunch.of(resources, NAMESPACE, "snapgrid-0");
        String serviceName = serviceName(first);
        Service headless = client.resource(Manifests.named(resources, Service.class, serviceName))
                .inNamespace(NAMESPACE).create();

        String clusterName = "k8s-" + UUID.randomUUID();
        String apiServer = "http://" + server.getHostName() + ":" + server.getPort();
        String caCertificate;
        try (InputStream pem = getClass().getResourceAsStream("/unused-ca.pem")) {
            caCertificate = new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Path snapshots = Files.createDirectories(temp.resolve("snapshots"));
        List<Member> members = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                String pod = set.getMetadata().getName() + "-" + i;
                int memberPort = FreePorts.take();
                int restPort = FreePorts.take();
                client.resource(endpointSlice(headless, pod, memberPort)).inNamespace(NAMESPACE).create();
                members.add(new Member(pod, memberPort, restPort));
            }
            for (Member member : members) {
                member.start(NodeLaunch.of(resources, NAMESPACE, member.pod), clusterName, apiServer, caCertificate,
                        snapshots);
            }
            long deadline = System.nanoTime() + FORMED_LIMIT.toNanos();
            for (Member member : members) {
                member.awaitReady(deadline);
            }
            for (Member member : members) {
                JsonNode cluster = JSON.readTree(member.get("/v1/cluster").body());
                assertEquals(clusterName, cluster.path("clusterName").asText());
                Set<String> addresses = new HashSet<>();
                cluster.path("members").forEach(m -> addresses.add(m.path("address").asText()));
                Set<String> expected = new HashSet<>();
                members.forEach(m -> expected.add("127.0.0.1:" + m.memberPort));
                assertEquals(expected, addresses, member.pod + " sees other members; log " + member.container.log);
            }
        } finally {
            for (Member member : members) {
                member.stop();
            }
        }
    }

    /** The Service discovery reads: cluster.kubernetes.service-name from the ConfigMap's file. */
    private static String serviceName(NodeLaunch launch) {
        try {
            JsonNode config = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(launch.configYaml());
            String name = config.path("cluster").path("kubernetes").path("service-name").asText(null);
            assertTrue(name != null && !name.isEmpty(), "snapgrid.yaml names no cluster.kubernetes.service-name");
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One slice per member, as the controller may split them: the port is per slice, and each member has its own. */
    private static EndpointSlice endpointSlice(Service service, String pod, int memberPort) {
        String portName = service.getSpec().getPorts().get(0).getName();
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(service.getMetadata().getName() + "-" + pod)
                .addToLabels("kubernetes.io/service-name", service.getMetadata().getName())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid()).build())
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("127.0.0.1")
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withName(pod).withNamespace(NAMESPACE).build())
                .endEndpoint()
                .addNewPort().withName(portName).withPort(memberPort).withProtocol("TCP").endPort()
                .build();
    }

    /** A member's pod: its name, its ports on this machine, and once started, its container. */
    private final class Member {
        final String pod;
        final int memberPort;
        final int restPort;
        PodProcess container;

        Member(String pod, int memberPort, int restPort) {
            this.pod = pod;
            this.memberPort = memberPort;
            this.restPort = restPort;
        }

        void start(NodeLaunch launch, String clusterName, String apiServer, String caCertificate, Path snapshots) {
            Path home = temp.resolve(pod);
            container = PodProcess.start(pod, home, "node.log", launch, restPort, List.of(
                            "-Dhazelcast.kubernetes.kubernetes-master=" + apiServer,
                            "-Dhazelcast.kubernetes.api-token=mock-server-accepts-any-token",
                            "-Dhazelcast.kubernetes.ca-certificate=" + caCertificate),
                    Map.of("SNAPGRID_CLUSTER_NAME", clusterName,
                            "SNAPGRID_MEMBER_PORT", String.valueOf(memberPort),
                            "SNAPGRID_REST_PORT", String.valueOf(restPort),
                            "SNAPGRID_DATA_DIR", home.resolve("data").toString(),
                            "SNAPGRID_SNAPSHOTS_ROOT", snapshots.toString()),
                    List.of());
        }

        void awaitReady(long deadline) throws InterruptedException {
            while (true) {
                if (!container.isAlive()) {
                    throw new AssertionError(pod + " exited with " + container.exitValue() + ": " + container.tail());
                }
                try {
                    if (get("/health/readiness").statusCode() == 200) {
                        return;
                    }
                } catch (UncheckedIOException notListeningYet) {
                    // starting
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(pod + " not ready (one cluster of " + MEMBERS + ") within " + FORMED_LIMIT
                            + ": " + container.tail());
                }
                Thread.sleep(500);
            }
        }

        HttpResponse<String> get(String path) {
            return container.get(path, Duration.ofSeconds(10));
        }

        void stop() {
            if (container != null) {
                container.stop();
            }
        }
    }
}
