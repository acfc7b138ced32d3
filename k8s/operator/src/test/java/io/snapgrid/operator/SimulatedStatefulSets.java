package io.snapgrid.operator;

import com.hazelcast.core.HazelcastInstance;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.GridNode;
import io.snapgrid.node.config.SnapgridSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small StatefulSet controller and kubelet in one: for each StatefulSet of the namespace it creates pods
 * NAME-0 .. NAME-(replicas-1) at once (Parallel) and runs each as a real Snapgrid node in this JVM, started from the
 * ConfigMap's snapgrid.yaml and the container's EXPECTED_MEMBERS and SNAPGRID_MIN_CLUSTER_SIZE. A pod's Ready
 * condition follows the node's GET /health/readiness, as the readiness probe would. What differs from a kubelet:
 * every node is on 127.0.0.1 with free ports, members join through an explicit member list instead of Kubernetes
 * discovery, and all share one temporary snapshot root under a cluster name of their own. Secret volumes are written
 * to the pod's directory; the variables that name files in them become the flags of their keys (GridNode reads the
 * JVM's own environment): a path variable with the file's path here, a file variable with the file's content.
 */
final class SimulatedStatefulSets implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KubernetesClient client;
    private final String namespace;
    private final Path work;
    private final String clusterName = "operator-test-" + UUID.randomUUID();
    private final Map<String, int[]> ports = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ApplicationContext>> nodes = new ConcurrentHashMap<>();
    /** The kubelet's probe client per pod that serves HTTPS, trusting the pod's certificate (a kubelet checks none). */
    private final Map<String, HttpClient> httpsProbes = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostStoppingAtOnce = new AtomicInteger();
    /** Pods deleted (by the operator) whose member has not yet been ready again since. */
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostDownAtOnce = new AtomicInteger();
    private final List<String> restarts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService starter = Executors.newCachedThreadPool();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    SimulatedStatefulSets(KubernetesClient client, String namespace, Path work) {
        this.client = client;
        this.namespace = namespace;
        this.work = work;
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 300, TimeUnit.MILLISECONDS);
    }

    /** The pod gets created and claims to be ready, but no node runs in it until {@link #release}. */
    void hold(String pod) {
        held.add(pod);
    }

    void release(String pod) {
        held.remove(pod);
    }

    /** For the operator: where the pod's member serves REST, over HTTPS if its probes call HTTPS. */
    Optional<URI> rest(Pod pod) {
        return Optional.ofNullable(ports.get(pod.getMetadata().getName()))
                .map(p -> URI.create(MemberAddresses.scheme(pod) + "://127.0.0.1:" + p[1]));
    }

    /** The Hazelcast member running in the pod, once started. */
    HazelcastInstance member(String pod) {
        return nodes.get(pod).join().getBean(HazelcastInstance.class);
    }

    private void reconcileQuietly() {
        try {
            client.apps().statefulSets().inNamespace(namespace).list().getItems().forEach(this::reconcile);
        } catch (RuntimeException e) {
            // A tick that failed (the mock server shutting down, a conflict) is retried at the next one.
            System.err.println("simulated StatefulSet controller: " + e);
        }
    }

    private void reconcile(StatefulSet set) {
        int replicas = set.getSpec().getReplicas();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String pod = set.getMetadata().getName() + "-" + i;
            restartIfFailed(pod);
            int[] assigned = ports.computeIfAbsent(pod, p -> freePorts());
            members.add("127.0.0.1:" + assigned[0]);
        }
        int ready = 0;
        for (int i = 0; i < replicas; i++) {
            String name = set.getMetadata().getName() + "-" + i;
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null && (nodes.containsKey(name) || stopping.contains(name))) {
                // Deleted while its member runs: the kubelet stops the member (SIGTERM: graceful), and only then
                // does the StatefulSet controller create the pod again, from the current template.
                stopDeleted(name);
                continue;
            }
            if (pod == null) {
                pod = client.resource(newPod(set, name)).create();
            }
            if (!held.contains(name)) {
                nodes.computeIfAbsent(name, n -> CompletableFuture.supplyAsync(() -> start(set, n, members), starter));
            }
            boolean isReady = held.contains(name) || ready(name);
            if (isReady) {
                restarting.remove(name);
            }
            ready += isReady ? 1 : 0;
            markReady(pod, isReady);
        }
        removeBeyond(set, replicas);
        if (set.getStatus() == null || !Integer.valueOf(ready).equals(set.getStatus().getReadyReplicas())) {
            set.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                    .withReplicas(replicas).withReadyReplicas(ready).build());
            client.resource(set).update();
        }
    }

    /**
     * Pods of ordinals at or above {@code replicas} go as a StatefulSet with Parallel pod management removes them:
     * all at once. Each member stops gracefully (its partitions migrate to the others first), then its pod goes.
     */
    private void removeBeyond(StatefulSet set, int replicas) {
        String prefix = set.getMetadata().getName() + "-";
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String name = pod.getMetadata().getName();
            if (!name.startsWith(prefix) || Integer.parseInt(name.substring(prefix.length())) < replicas
                    || !stopping.add(name)) {
                continue;
            }
            mostStoppingAtOnce.accumulateAndGet(stopping.size(), Math::max);
            CompletableFuture<ApplicationContext> node = nodes.remove(name);
            starter.execute(() -> {
                if (node != null) {
                    node.join().close();
                }
                client.resource(pod).delete();
                stopping.remove(name);
            });
        }
    }

    private void stopDeleted(String name) {
        CompletableFuture<ApplicationContext> node = nodes.get(name);
        if (node == null || !stopping.add(name)) {
            return;
        }
        restarting.add(name);
        restarts.add(name);
        mostDownAtOnce.accumulateAndGet(restarting.size(), Math::max);
        starter.execute(() -> {
            node.thenAccept(ApplicationContext::close).exceptionally(failed -> null).join();
            nodes.remove(name);
            stopping.remove(name);
        });
    }

    /** Pods deleted while their member ran, in the order their deletion was seen. */
    List<String> restarts() {
        return List.copyOf(restarts);
    }

    /** The most pods that were down at once in a roll: deleted, stopping, or restarted but not yet ready. */
    int mostDownAtOnce() {
        return mostDownAtOnce.get();
    }

    /** Every pod's REST address, whether or not its member runs. */
    List<URI> restAddresses() {
        return ports.values().stream().map(p -> URI.create("http://127.0.0.1:" + p[1])).toList();
    }

    /** The most members that were stopping at the same time. */
    int mostStoppingAtOnce() {
        return mostStoppingAtOnce.get();
    }

    private Pod newPod(StatefulSet set, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).build())
                .endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus()
                .build();
    }

    private void markReady(Pod pod, boolean ready) {
        String status = ready ? "True" : "False";
        boolean same = pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals(status));
        if (!same) {
            pod.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready").withStatus(status).build()));
            client.resource(pod).update();
        }
    }

    private boolean ready(String pod) {
        CompletableFuture<ApplicationContext> node = nodes.get(pod);
        if (node == null || !node.isDone() || node.isCompletedExceptionally()) {
            return false;
        }
        HttpClient https = httpsProbes.get(pod);
        try {
            URI readiness = URI.create((https == null ? "http" : "https") + "://127.0.0.1:" + ports.get(pod)[1]
                    + "/health/readiness");
            return (https == null ? HTTP : https).send(HttpRequest.newBuilder(readiness)
                            .timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * As a kubelet restarts a container that exited: a member that failed to start runs again on ports chosen anew
     * (on a shared machine, another process may take a free port between its choice and the member's bind).
     */
    private void restartIfFailed(String pod) {
        CompletableFuture<ApplicationContext> node = nodes.get(pod);
        if (node != null && node.isCompletedExceptionally()) {
            System.err.println("simulated kubelet: the member of " + pod + " failed to start; starting it again: "
                    + node.handle((started, failure) -> failure).join());
            ports.remove(pod);
            nodes.remove(pod, node);
        }
    }

    private ApplicationContext start(StatefulSet set, String pod, List<String> members) {
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        try {
            Path home = Files.createDirectories(work.resolve(pod));
            Path config = Files.writeString(home.resolve(BaseManifests.CONFIG_FILE), mountedConfig(set));
            int[] assigned = ports.get(pod);
            List<String> flags = new ArrayList<>(mountedSecretFlags(set, pod, home));
            flags.addAll(List.of(
                    "--config=" + config,
                    "--cluster.name=" + clusterName,
                    "--cluster.member-port=" + assigned[0],
                    "--cluster.members=" + String.join(",", members),
                    "--cluster.expected-size=" + env(container, OwnedObjects.EXPECTED_MEMBERS),
                    "--cluster.min-size=" + env(container, OwnedObjects.MIN_CLUSTER_SIZE),
                    "--cluster.hazelcast-properties.hazelcast.wait.seconds.before.join=1",
                    "--rest.port=" + assigned[1],
                    "--data-dir=" + home.resolve("data"),
                    "--snapshots.root=" + work.resolve("snapshots")));
            return GridNode.start(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pod's Secret volumes written under its directory, and its variables that name files in them as flags. A
     * pod with a certificate gets a probe client that trusts it.
     */
    private List<String> mountedSecretFlags(StatefulSet set, String pod, Path home) throws IOException {
        PodSpec spec = set.getSpec().getTemplate().getSpec();
        Container container = spec.getContainers().get(0);
        httpsProbes.remove(pod);
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (Volume volume : spec.getVolumes()) {
            if (volume.getSecret() == null) {
                continue;
            }
            Path dir = Files.createDirectories(home.resolve("secrets").resolve(volume.getName()));
            Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
            Map<String, String> paths = new LinkedHashMap<>();
            if (volume.getSecret().getItems() == null || volume.getSecret().getItems().isEmpty()) {
                secret.getData().keySet().forEach(key -> paths.put(key, key));
            } else {
                volume.getSecret().getItems().forEach(item -> paths.put(item.getKey(), item.getPath()));
            }
            for (Map.Entry<String, String> file : paths.entrySet()) {
                Files.write(dir.resolve(file.getValue()),
                        Base64.getDecoder().decode(secret.getData().get(file.getKey())));
            }
            container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                    .forEach(m -> mounts.put(m.getMountPath(), dir));
        }
        List<String> flags = new ArrayList<>();
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValue();
            Optional<Map.Entry<String, Path>> mount = mounts.entrySet().stream()
                    .filter(m -> value != null && value.startsWith(m.getKey() + "/")).findFirst();
            if (mount.isEmpty()) {
                continue;
            }
            Path file = mount.get().getValue().resolve(value.substring(mount.get().getKey().length() + 1));
            String pathKey = SnapgridSources.ENVIRONMENT_KEYS.get(variable.getName());
            String contentKey = SnapgridSources.FILE_VARIABLES.get(variable.getName());
            if (pathKey != null) {
                flags.add("--" + pathKey + "=" + file);
            } else if (contentKey != null) {
                flags.add("--" + contentKey + "=" + Files.readString(file).strip());
            } else {
                throw new AssertionError(variable.getName() + " names a mounted file but is no Snapgrid variable");
            }
            if (variable.getName().equals("SNAPGRID_REST_TLS_CERTIFICATE")) {
                httpsProbes.put(pod, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                        .sslContext(CertificateTrust.of(Files.readAllBytes(file))).build());
            }
        }
        return flags;
    }

    private String mountedConfig(StatefulSet set) {
        String name = set.getSpec().getTemplate().getSpec().getVolumes().stream()
                .map(Volume::getConfigMap).filter(c -> c != null).findFirst().orElseThrow().getName();
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        return map.getData().get(BaseManifests.CONFIG_FILE);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("container sets no " + name));
    }

    /** A member port and a REST port, both free when chosen. */
    private static int[] freePorts() {
        List<Integer> two = FreePorts.take(2);
        return new int[]{two.get(0), two.get(1)};
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(30, TimeUnit.SECONDS);
        for (CompletableFuture<ApplicationContext> node : nodes.values()) {
            node.thenAccept(ApplicationContext::close).exceptionally(failed -> null).join();
        }
        starter.shutdown();
    }
}
