package io.snapgrid.node.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Network partitions made by the host's firewall: iptables rules in the INPUT chain that drop the TCP traffic
 * between loopback addresses on given ports, as a cut between hosts would. Every rule carries a comment of this
 * firewall's own, by which {@link #heal} (and {@link #close}) removes exactly its rules and nothing that another
 * build on the machine added.
 */
public final class HostFirewall implements AutoCloseable {

    private final String comment = "snapgrid-" + UUID.randomUUID();
    /** Heals when the test's JVM is stopped before {@link #close} (a build interrupted mid-cut). */
    private final Thread healOnExit = new Thread(this::heal, "host firewall heal");

    private HostFirewall() {
        Runtime.getRuntime().addShutdownHook(healOnExit);
    }

    /**
     * A firewall once iptables has answered. Without it the caller fails, naming what is missing; only on a
     * developer's machine (no {@code CI} variable) as a user other than root is the test skipped instead.
     */
    public static HostFirewall open() {
        String problem;
        try {
            Result listed = run("iptables", "-w", "-S", "INPUT");
            problem = listed.exitCode() == 0 ? null : "iptables -S INPUT exited with " + listed.exitCode() + ": "
                    + listed.output();
        } catch (IOException e) {
            problem = "iptables could not be run (" + e.getMessage() + ")";
        }
        if (problem != null) {
            String unusable = problem;
            Assumptions.assumeTrue(System.getenv("CI") != null || isRoot(),
                    () -> "skipped: the host firewall needs root (" + unusable + ")");
            throw new AssertionError("this test cuts members apart with iptables, which it cannot use: " + unusable
                    + ". Run it as root with iptables installed (.ci/run installs it).");
        }
        return new HostFirewall();
    }

    private static boolean isRoot() {
        try {
            return run("id", "-u").output().trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Drops every TCP packet from any address of {@code these} to any of {@code those}, and back, whose source or
     * destination port is one of {@code ports}: connections between the two groups on those ports stall, new ones
     * are never answered, and everything else (other ports, other pairs of addresses) still flows.
     */
    public void cut(List<String> these, List<String> those, List<Integer> ports) {
        String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (String one : these) {
            for (String other : those) {
                insertDrop(one, other, portList);
                insertDrop(other, one, portList);
            }
        }
    }

    private void insertDrop(String source, String destination, String ports) {
        iptables("-I", "INPUT", "-p", "tcp", "-s", source, "-d", destination, "-m", "multiport", "--ports", ports,
                "-m", "comment", "--comment", comment, "-j", "DROP");
    }

    /** Removes every rule of this firewall, as iptables lists them, so a cut that failed half-way is undone too. */
    public void heal() {
        for (String rule : iptables("-S", "INPUT").lines().filter(line -> line.contains(comment)).toList()) {
            List<String> delete = new ArrayList<>(Arrays.asList(rule.trim().split("\\s+")));
            delete.set(0, "-D");
            iptables(delete.toArray(String[]::new));
        }
    }

    @Override
    public void close() {
        heal();
        Runtime.getRuntime().removeShutdownHook(healOnExit);
    }

    private static String iptables(String... arguments) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(arguments));
        try {
            Result result = run(command.toArray(String[]::new));
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exitCode()
                        + ": " + result.output());
            }
            return result.output();
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + String.join(" ", command), e);
        }
    }
}
