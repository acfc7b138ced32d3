package io.snapgrid.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the members and servers tests start, taken below Linux's ephemeral range (32768 and up), from which every
 * outgoing connection on the machine gets its local port. A port the kernel handed out as free
 * ({@code new ServerSocket(0)}) comes from that range, and by the time a member bound it, an outgoing connection of
 * another test JVM could hold it ("Address already in use", seen with two test JVMs at once). Each JVM walks the range
 * from a random start and hands out a port only if it binds, so two JVMs collide only if both take the same port in
 * the moment between the check and the bind.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final int BELOW_EPHEMERAL = 32_768;
    private static int next = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);

    private FreePorts() {
    }

    /** {@code count} distinct ports, each free when taken; none is handed out twice by this JVM until it wraps. */
    public static synchronized List<Integer> take(int count) {
        List<Integer> ports = new ArrayList<>(count);
        for (int tried = 0; ports.size() < count; tried++) {
            if (tried == BELOW_EPHEMERAL - LOWEST) {
                throw new IllegalStateException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL);
            }
            int port = next;
            next = next + 1 == BELOW_EPHEMERAL ? LOWEST : next + 1;
            if (binds(port)) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }

    public static int take() {
        return take(1).get(0);
    }

    private static boolean binds(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
