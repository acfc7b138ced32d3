package io.snapgrid.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet for the pods of one StatefulSet: runs the container's startup, readiness and liveness probes over
 * HTTP as the manifest defines them (path, port, period, timeout, thresholds), keeps each pod's Ready condition by the
 * kubelet's rules, and samples, every few milliseconds, how many pods are down at once (not running, stopping, or not
 * yet Ready since their container started): the members a roll takes away. A pod that was Ready and drops out of
 * Ready for a while (the node holds readiness back while partitions regain their backups after another member left)
 * is counted apart, as held back: a PodDisruptionBudget would count it too, and so hold the next disruption back,
 * which is what the node means it to do. Probe periods are divided by {@link #TIME_SCALE} so that a
 * test takes minutes, not tens of minutes; thresholds and timeouts are the manifest's.
 */
final class Kubelet implements AutoCloseable {

    static final int TIME_SCALE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SAMPLE_MILLIS = 20;

    private final Container container;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, PodStatus> pods = new ConcurrentHashMap<>();
    private final List<String> restarts = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private int maxUnavailable;
    private List<String> unavailableAtMax = List.of();
    private List<String> lastHeldBack = List.of();

    Kubelet(Container container) {
        this.container = container;
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                container.getLivenessProbe())) {
            if (probe == null || probe.getHttpGet() == null) {
                throw new AssertionError("container " + container.getName() + " lacks an httpGet probe: " + probe);
            }
        }
        threads.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The container of {@code pod} was started (anew): probing starts over, as for a new container. */
    void started(String pod, PodProcess process) {
        PodStatus previous = pods.put(pod, new PodStatus(process));
        if (previous != null) {
            previous.cancel();
        }
        event(pod + " container started");
        PodStatus status = pods.get(pod);
        status.probes.add(every(container.getStartupProbe(), () -> status.startup(process)));
        status.probes.add(every(container.getReadinessProbe(), () -> status.readiness(process)));
        status.probes.add(every(container.getLivenessProbe(), () -> status.liveness(process)));
    }

    /** The pod got its SIGTERM: from now on the StatefulSet counts it as unavailable. */
    void stopping(String pod) {
        pods.get(pod).stopping = true;
        event(pod + " stopping (SIGTERM)");
    }

    boolean ready(String pod) {
        PodStatus status = pods.get(pod);
        return status != null && status.available();
    }

    List<String> readyPods() {
        return pods.entrySet().stream().filter(e -> e.getValue().available()).map(Map.Entry::getKey).sorted().toList();
    }

    /** Pods not running, stopping or not yet Ready since their container started. */
    List<String> unavailable() {
        return pods.entrySet().stream().filter(e -> e.getValue().down()).map(Map.Entry::getKey).sorted().toList();
    }

    private synchronized void sample() {
        List<String> now = unavailable();
        if (now.size() > maxUnavailable) {
            maxUnavailable = now.size();
            unavailableAtMax = now;
            event("down: " + now);
        }
        List<String> heldBack = pods.entrySet().stream()
                .filter(e -> !e.getValue().down() && !e.getValue().available()).map(Map.Entry::getKey).sorted().toList();
        if (!heldBack.isEmpty() && !heldBack.equals(lastHeldBack)) {
            event("held back (was Ready, not Ready now): " + heldBack);
        }
        lastHeldBack = heldBack;
    }

    /** Counts the most pods unavailable at once from now on (a rollout starts with every pod Ready). */
    synchronized void countUnavailableFromNow() {
        maxUnavailable = 0;
        unavailableAtMax = List.of();
    }

    /** The most pods unavailable at once since {@link #countUnavailableFromNow()}. */
    synchronized int maxUnavailable() {
        return maxUnavailable;
    }

    /** Which pods those were, the first time that many were. */
    synchronized List<String> unavailableAtMax() {
        return unavailableAtMax;
    }

    /** Containers a failed startup or liveness probe would have restarted, with why; none is restarted here. */
    synchronized List<String> restarts() {
        return List.copyOf(restarts);
    }

    private synchronized void restart(String why) {
        restarts.add(why);
    }

    /** Notes a change of a pod's Ready condition, or a signal, with the seconds since this kubelet started. */
    synchronized void event(String what) {
        events.add(String.format("+%.1f s %s", (System.nanoTime() - startNanos) / 1e9, what));
    }

    /** The changes of Ready conditions and the signals, in order: what a failed assertion is read against. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    private ScheduledFuture<?> every(Probe probe, Runnable check) {
        long periodMillis = 1000L * (probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds()) / TIME_SCALE;
        long delayMillis = 1000L * (probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds())
                / TIME_SCALE;
        return threads.scheduleWithFixedDelay(check, delayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * One probe as the kubelet's HTTP prober runs it: a status from 200 to 399 within the timeout succeeds. Returns
     * null on success, else what was answered.
     */
    private String failure(Probe probe, PodProcess process) {
        String port = probe.getHttpGet().getPort().getStrVal();
        if (port != null) {
            ContainerPort named = container.getPorts().stream().filter(p -> port.equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("probe port " + port + " names no container port"));
            if (!"rest".equals(named.getName())) {
                throw new AssertionError("probe on port " + port + ", not the REST port");
            }
        }
        int timeoutSeconds = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
        try {
            HttpResponse<String> reply = process.get(probe.getHttpGet().getPath(), Duration.ofSeconds(timeoutSeconds));
            return reply.statusCode() >= 200 && reply.statusCode() < 400 ? null
                    : reply.statusCode() + " " + memberDetails(reply.body());
        } catch (UncheckedIOException | IllegalStateException noAnswer) {
            return "no answer: " + noAnswer.getMessage();
        }
    }

    /**
     * The node's own readiness details, which say what holds it back, without the per-map restore progress that
     * would crowd them out; the body as sent when it is not a health answer.
     */
    private static String memberDetails(String body) {
        try {
            JsonNode member = JSON.readTree(body).path("details").path("member").path("details");
            if (member instanceof ObjectNode details) {
                details.remove("restore");
                return details.toString();
            }
        } catch (JsonProcessingException notJson) {
            // shown as sent
        }
        return body.substring(0, Math.min(400, body.length()));
    }

    /** For each of {@code names} not Ready: whether it runs, is stopping, and its last readiness failure. */
    String whyNotReady(List<String> names) {
        List<String> reasons = new ArrayList<>();
        for (String pod : names) {
            PodStatus status = pods.get(pod);
            if (status == null) {
                reasons.add(pod + ": never started");
            } else if (!status.available()) {
                reasons.add(String.format("%s: alive %b, stopping %b, started %b, ever Ready %b, last readiness"
                                + " failure: %s", pod, status.process.isAlive(), status.stopping, status.started,
                        status.everReady, status.lastReadinessFailure));
            }
        }
        return String.join("\n", reasons);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private final class PodStatus {
        final PodProcess process;
        final List<ScheduledFuture<?>> probes = new ArrayList<>();
        volatile boolean started;
        volatile boolean ready;
        volatile boolean everReady;
        volatile boolean stopping;
        volatile String lastReadinessFailure;
        int startupFailures;
        int readinessFailures;
        int readinessSuccesses;
        int livenessFailures;

        PodStatus(PodProcess process) {
            this.process = process;
        }

        /** Taken away by the roll: gone, told to stop, or started and not Ready yet. */
        boolean down() {
            return !process.isAlive() || stopping || !everReady;
        }

        boolean available() {
            return process.isAlive() && !stopping && ready;
        }

        synchronized void startup(PodProcess probed) {
            Probe probe = container.getStartupProbe();
            if (started) {
                return;
            }
            if (failure(probe, probed) == null) {
                started = true;
            } else if (++startupFailures >= threshold(probe.getFailureThreshold(), 3)) {
                restart(probed.pod + ": startup probe failed " + startupFailures + " times");
                startupFailures = 0;
            }
        }

        synchronized void readiness(PodProcess probed) {
            Probe probe = container.getReadinessProbe();
            if (!started) {
                return;
            }
            String failure = failure(probe, probed);
            if (failure == null) {
                readinessFailures = 0;
                if (++readinessSuccesses >= threshold(probe.getSuccessThreshold(), 1) && !ready) {
                    ready = true;
                    everReady = true;
                    event(probed.pod + " Ready");
                }
            } else {
                lastReadinessFailure = failure;
                readinessSuccesses = 0;
                if (++readinessFailures >= threshold(probe.getFailureThreshold(), 3) && ready) {
                    ready = false;
                    event(probed.pod + " not Ready: " + failure);
                }
            }
        }

        synchronized void liveness(PodProcess probed) {
            Probe probe = container.getLivenessProbe();
            if (!started || stopping) {
                return;
            }
            if (failure(probe, probed) == null) {
                livenessFailures = 0;
            } else if (++livenessFailures >= threshold(probe.getFailureThreshold(), 3)) {
                restart(probed.pod + ": liveness probe failed " + livenessFailures + " times");
                livenessFailures = 0;
            }
        }

        void cancel() {
            probes.forEach(probe -> probe.cancel(false));
        }

        private static int threshold(Integer set, int kubernetesDefault) {
            return set == null ? kubernetesDefault : set;
        }
    }
}
