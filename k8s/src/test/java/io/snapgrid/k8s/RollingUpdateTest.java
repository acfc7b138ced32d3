package io.snapgrid.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.snapgrid.jobs.testing.FreePorts;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RollingUpdate of the production overlay's StatefulSet under strong writes, with real nodes in JVMs of their own
 * started as its pods would be (the container's args and environment, the ConfigMap's snapgrid.yaml, the
 * Dockerfile's JVM options), a {@link Kubelet} running the manifest's probes, and this test playing the StatefulSet
 * controller: in reverse ordinal order, SIGTERM a pod, wait up to terminationGracePeriodSeconds for it to exit
 * (SIGKILL after that), start it again with the same identity (name, data directory, ports) and wait for it to be
 * Ready and for every pod to be Ready (the PodDisruptionBudget's condition) before the next.
 *
 * <p>What stands in for Kubernetes: pods are processes on 127.0.0.1, each with free ports instead of the container's
 * fixed ones; the members find each other through the explicit member list instead of the Kubernetes API
 * (KubernetesDiscoveryTest covers that); the volumes are directories (the snapshot claim one directory all share,
 * each data claim a directory kept across the pod's restarts); the probes' periods are divided by
 * {@link Kubelet#TIME_SCALE}; the Service is the writers' choice of a Ready pod.
 */
@Tag("cluster")
class RollingUpdateTest {

    private static final String NAMESPACE = "snapgrid-test";
    private static final Duration STARTED_LIMIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final Map<String, PodProcess> running = new ConcurrentHashMap<>();

    @Test
    void aRollingUpdateTakesOnePodAtATimeAndLosesNoAcknowledgedWrite() throws Exception {
        List<HasMetadata> resources = Kustomize.render(ManifestsTest.PRODUCTION);
        StatefulSet set = NodeLaunch.statefulSet(resources);
        Container container = NodeLaunch.container(set);
        int replicas = set.getSpec().getReplicas();
        Duration grace = Duration.ofSeconds(set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
        assertEquals("RollingUpdate", set.getSpec().getUpdateStrategy().getType());
        int maxUnavailable = Manifests.ofKind(resources, PodDisruptionBudget.class).get(0).getSpec()
                .getMaxUnavailable().getIntVal();

        String clusterName = "k8s-roll-" + UUID.randomUUID();
        Path snapshots = Files.createDirectories(temp.resolve("snapshots"));
        List<String> pods = new ArrayList<>();
        Map<String, Map<String, String>> identity = new LinkedHashMap<>();
        List<Integer> memberPorts = new ArrayList<>();
        List<Integer> restPorts = new ArrayList<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            memberPorts.add(FreePorts.take());
            restPorts.add(FreePorts.take());
        }
        String members = String.join(",", memberPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String pod = set.getMetadata().getName() + "-" + ordinal;
            pods.add(pod);
            Path home = temp.resolve(pod);
            identity.put(pod, Map.of(
                    "SNAPGRID_CLUSTER_NAME", clusterName,
                    "SNAPGRID_KUBERNETES", "false",
                    "SNAPGRID_MEMBERS", members,
                    "SNAPGRID_MEMBER_PORT", String.valueOf(memberPorts.get(ordinal)),
                    "SNAPGRID_REST_PORT", String.valueOf(restPorts.get(ordinal)),
                    "SNAPGRID_DATA_DIR", home.resolve("data").toString(),
                    "SNAPGRID_SNAPSHOTS_ROOT", snapshots.toString()));
        }

        List<String> steps = new ArrayList<>();
        try (Kubelet kubelet = new Kubelet(container)) {
            for (String pod : pods) {
                start(kubelet, resources, pod, identity.get(pod), restPorts.get(pods.indexOf(pod)), 0);
            }
            await("every pod Ready").atMost(STARTED_LIMIT).until(() -> allReady(kubelet, pods));

            Map<String, Integer> acknowledged;
            AcknowledgedWrites writes = new AcknowledgedWrites(2, 10, kubelet::readyPods, running::get);
            try {
                await("writes acknowledged before the roll").until(() -> writes.acks() >= 50);
                kubelet.countUnavailableFromNow();
                for (int ordinal = replicas - 1; ordinal >= 0; ordinal--) {
                    String pod = pods.get(ordinal);
                    PodProcess old = running.get(pod);
                    long acksBefore = writes.acks();
                    long sigterm = System.nanoTime();
                    kubelet.stopping(pod);
                    old.terminate();
                    boolean exited = old.awaitExit(grace);
                    if (!exited) {
                        old.kill();
                    }
                    long stopped = System.nanoTime();
                    assertTrue(exited, pod + " did not exit within terminationGracePeriodSeconds: " + old.tail());
                    assertEquals(0, old.exitValue(), pod + " exit code after SIGTERM: " + old.tail());
                    assertTrue(Files.readString(old.log).contains("Shutdown: readiness off"),
                            pod + " did not log its graceful stop: " + old.tail());

                    start(kubelet, resources, pod, identity.get(pod), restPorts.get(ordinal), pods.size() - ordinal);
                    PodProcess renewed = running.get(pod);
                    await(pod + " Ready again").atMost(STARTED_LIMIT).until(() -> {
                        assertTrue(renewed.isAlive(), () -> pod + " exited: " + renewed.tail());
                        return kubelet.ready(pod);
                    });
                    await("every pod Ready (PodDisruptionBudget) after " + pod).atMost(STARTED_LIMIT)
                            .until(() -> allReady(kubelet, pods));
                    await("writes acknowledged after " + pod + " rolled").until(() -> writes.acks() >= acksBefore + 20);
                    steps.add(String.format("%s: stopped %.1f s after SIGTERM, Ready and all Ready %.1f s after"
                                    + " SIGTERM", pod, (stopped - sigterm) / 1e9, (System.nanoTime() - sigterm) / 1e9));
                }
            } catch (ConditionTimeoutException stuck) {
                throw new AssertionError(stuck.getMessage() + "\n" + whatHeldTheRollBack(kubelet, pods), stuck);
            } finally {
                writes.close();
                acknowledged = writes.acknowledged();
            }

            Map<String, Integer> read = new TreeMap<>();
            PodProcess reader = running.get(pods.get(0));
            for (String key : acknowledged.keySet()) {
                HttpResponse<String> reply = reader.get("/v1/maps/" + AcknowledgedWrites.MAP + "/entries/" + key,
                        Duration.ofSeconds(30));
                assertEquals(200, reply.statusCode(), key + ": " + reply.body());
                JsonNode record = JSON.readTree(reply.body());
                read.put(key, record.path("nid").asInt());
            }
            System.out.printf("Rolling update of %d pods: %s; %d writes acknowledged, %d refused or unanswered;"
                            + " at most %d pod(s) down at once%n", replicas, steps, writes.acks(),
                    writes.refused(), kubelet.maxUnavailable());
            kubelet.events().forEach(System.out::println);
            assertEquals(new TreeMap<>(acknowledged), read, "last acknowledged version of every key");
            assertEquals(List.of(), kubelet.restarts(), "containers the kubelet would have restarted");
            assertTrue(kubelet.maxUnavailable() <= maxUnavailable, "at most " + maxUnavailable
                    + " pod(s) down at once during the roll, but " + kubelet.unavailableAtMax() + " were");
        } finally {
            running.values().forEach(PodProcess::stop);
        }
    }

    private void start(Kubelet kubelet, List<HasMetadata> resources, String pod, Map<String, String> identity,
                       int restPort, int incarnation) {
        PodProcess process = PodProcess.start(pod, temp.resolve(pod), "node-" + incarnation + ".log",
                NodeLaunch.of(resources, NAMESPACE, pod), restPort, List.of(), identity,
                List.of("--cluster.hazelcast-properties.hazelcast.wait.seconds.before.join=1"));
        running.put(pod, process);
        kubelet.started(pod, process);
    }

    /**
     * The pods not Ready and why (by the kubelet's last probe and by one more asked now, in case the kubelet's own
     * probing is what is stuck), the kubelet's events, and the logs of the pods not Ready.
     */
    private String whatHeldTheRollBack(Kubelet kubelet, List<String> pods) {
        StringBuilder report = new StringBuilder("not Ready:\n").append(kubelet.whyNotReady(pods));
        report.append("\nkubelet events:\n").append(String.join("\n", kubelet.events()));
        for (String pod : pods.stream().filter(pod -> !kubelet.ready(pod)).toList()) {
            PodProcess process = running.get(pod);
            try {
                HttpResponse<String> now = process.get("/health/readiness", Duration.ofSeconds(10));
                report.append("\n").append(pod).append(" readiness now: ").append(now.statusCode()).append(' ')
                        .append(now.body());
            } catch (RuntimeException noAnswer) {
                report.append("\n").append(pod).append(" readiness now: no answer: ").append(noAnswer);
            }
            report.append("\n").append(pod).append(' ').append(process.tail());
        }
        return report.toString();
    }

    private static boolean allReady(Kubelet kubelet, List<String> pods) {
        return pods.stream().allMatch(kubelet::ready);
    }
}
