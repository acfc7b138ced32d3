package io.snapgrid.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * One node as the start command runs it: the packaged jar in a JVM of its own, so a test can kill it with
 * SIGKILL and nothing of it survives in the test's JVM.
 */
public final class PackagedNode implements AutoCloseable {

    private static final Duration READY_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final Path log;
    private final int restPort;
    private volatile boolean paused;

    private PackagedNode(Process process, Path log, int restPort) {
        this.process = process;
        this.log = log;
        this.restPort = restPort;
    }

    public static PackagedNode start(Path workDir, String name, int restPort, List<String> flags) {
        return start(workDir, name, restPort, flags, Map.of());
    }

    /** As {@link #start(Path, String, int, List)}, with {@code environment} added to the test's own. */
    public static PackagedNode start(Path workDir, String name, int restPort, List<String> flags,
                                     Map<String, String> environment) {
        String jar = System.getProperty("snapgrid.node.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("snapgrid.node.jar must name the packaged node (run through failsafe after package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A benchmark may ask for more heap (snapgrid.node.heap, e.g. 1g); the tests need no more than this.
                "-Xmx" + System.getProperty("snapgrid.node.heap", "512m"), "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"));
        // Extra JVM options from the build (failsafe passes C1-only JIT: a node lives a minute or two in a drill, and
        // on two shared cores C2's compiles cost a starting node more CPU than they save); none for benchmarks.
        command.addAll(Arrays.stream(System.getProperty("snapgrid.node.jvm-options", "").split(" "))
                .filter(option -> !option.isBlank()).toList());
        command.addAll(List.of(
                // The test JVM's partition count (the root pom's test.partition.count), so that a packaged node and an
                // in-JVM node on the same snapshots agree; Hazelcast's default where the caller sets none.
                "-Dhazelcast.partition.count=" + Integer.getInteger("hazelcast.partition.count", 271),
                // Absolute: the node runs in its own work directory.
                "-jar", Path.of(jar).toAbsolutePath().toString()));
        command.addAll(flags);
        command.add("--rest.port=" + restPort);
        Path log = workDir.resolve(name + ".log");
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new PackagedNode(process, log, restPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Http http() {
        return new Http(restUrl());
    }

    /**
     * Waits until readiness says 200. Generously: a node restoring snapshots on a shared 2-core machine, with other
     * JVMs starting beside it, has taken over a minute; a node that exits fails this at once. The system property
     * {@code snapgrid.node.ready-seconds} sets another limit (a benchmark starting three JVMs at once).
     */
    public void awaitReady() {
        Duration limit = Duration.ofSeconds(Long.getLong("snapgrid.node.ready-seconds", READY_LIMIT.toSeconds()));
        await("node ready at " + restUrl() + " (log " + log + ")").atMost(limit).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + "; log " + log);
            }
            try {
                return http().get("/health/readiness").status() == 200;
            } catch (UncheckedIOException notListeningYet) {
                return false;
            }
        });
    }

    /** Alive and not frozen by {@link #pause}: it answers requests. */
    public boolean isRunning() {
        return process.isAlive() && !paused;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the node wrote, stdout and stderr together. */
    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the node to exit on its own, as one that refuses to start must.
     *
     * @return its exit code
     */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node still running after " + limit.toSeconds() + " s; log " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * SIGKILL of several nodes by one {@code kill} command, so that none outlives the others by more than the
     * delivery of a signal: a power cut of the whole cluster rather than members dying one by one, each leaving the
     * others time to take over its partitions.
     */
    public static void killAll(List<PackagedNode> nodes) {
        List<String> command = new ArrayList<>(List.of("kill", "-KILL"));
        nodes.stream().filter(node -> node.process.isAlive()).forEach(node -> command.add(String.valueOf(node.pid())));
        if (command.size() > 2) {
            try {
                new ProcessBuilder(command).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        // Reaps them, and covers a node the command missed.
        nodes.forEach(PackagedNode::kill);
    }

    /** SIGSTOP: the JVM freezes mid-instruction with its sockets open, as in a long GC pause or a hung host. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT: the frozen JVM carries on from where it stopped, its view of the cluster as stale as the pause was long. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, no partition migrates, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            if (paused) {
                // A stopped JVM would hold SIGTERM pending until the 30 s below run out.
                resume();
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }
}
