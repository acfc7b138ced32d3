package io.snapgrid.k8s;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pod's container as a JVM of its own: the node started as the kubelet would start it from {@link NodeLaunch}
 * (the Dockerfile's JVM options, the container's args and environment, the ConfigMap's file), with what only
 * Kubernetes provides replaced by the caller's {@code env} and {@code flags}. Its own environment, its own exit;
 * SIGTERM and SIGKILL are real signals.
 */
final class PodProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String pod;
    final int restPort;
    final Path log;
    private final Process process;

    private PodProcess(String pod, int restPort, Path log, Process process) {
        this.pod = pod;
        this.restPort = restPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the container in {@code home} (its working directory, where the ConfigMap's file is written), logging
     * to {@code logName}. {@code systemProperties} come after the image's JVM options; {@code env} overrides the
     * container's; {@code flags} come after its args, so they win over everything (docs/configuration.md).
     */
    static PodProcess start(String pod, Path home, String logName, NodeLaunch launch, int restPort,
                            List<String> systemProperties, Map<String, String> env, List<String> flags) {
        try {
            Files.createDirectories(home);
            Path config = home.resolve(Path.of(launch.configPath()).getFileName());
            Files.writeString(config, launch.configYaml());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(Dockerfile.jvmOptions());
            command.addAll(List.of(
                    // After the image's -XX:MaxRAMPercentage, which would size the heap from this machine's memory.
                    "-Xmx512m", "-XX:+UseSerialGC",
                    // A pod has one address; here the member must not pick another interface of this machine.
                    "-Dhazelcast.local.localAddress=127.0.0.1",
                    // The test JVM's partition count (the root pom's test.partition.count), as PackagedNode passes it.
                    "-Dhazelcast.partition.count=" + Integer.getInteger("hazelcast.partition.count", 271)));
            command.addAll(systemProperties);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.snapgrid.node.GridNodeMain"));
            command.addAll(launch.args());
            command.addAll(flags);
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("SNAPGRID_") || name.startsWith("HAZELCAST_"));
            environment.putAll(launch.env());
            environment.put(NodeLaunch.CONFIG_VARIABLE, config.toString());
            environment.putAll(env);
            Path log = home.resolve(logName);
            return new PodProcess(pod, restPort, log, builder.redirectOutput(log.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on the container's REST port; throws UncheckedIOException when nothing answers. */
    HttpResponse<String> get(String path, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build());
    }

    HttpResponse<String> put(String path, String json, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, what the kubelet sends a container it stops. */
    void terminate() {
        process.destroy();
    }

    /** Waits up to {@code limit} for the process to exit; true if it did. */
    boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, what the kubelet sends once terminationGracePeriodSeconds ran out. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, and SIGKILL if the node has not exited after a minute: the end of a test. */
    void stop() {
        terminate();
        if (!awaitExit(Duration.ofSeconds(60))) {
            kill();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "log " + log + ", last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "log " + log + " unreadable: " + e;
        }
    }
}
