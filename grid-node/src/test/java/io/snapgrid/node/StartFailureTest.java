package io.snapgrid.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.micronaut.runtime.exceptions.ApplicationStartupException;
import io.snapgrid.jobs.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded node that cannot start throws to its caller and leaves no member behind; before, Micronaut ended the
 * whole JVM, which is how a test JVM running many nodes died when one REST port was taken.
 */
class StartFailureTest {

    @Test
    void aNodeWhoseRestPortIsTakenThrowsAndLeavesNoMember() throws IOException {
        String cluster = "start-failure-" + UUID.randomUUID();
        int memberPort = FreePorts.take();
        try (ServerSocket taken = new ServerSocket(0)) {
            List<String> args = List.of("--cluster.name=" + cluster, "--cluster.member-port=" + memberPort,
                    "--cluster.members=127.0.0.1:" + memberPort, "--cluster.min-size=1",
                    "--rest.port=" + taken.getLocalPort(),
                    "--snapshots.root=" + Files.createTempDirectory("snapgrid-start-failure"),
                    "--data-dir=" + Files.createTempDirectory("snapgrid-start-failure-data"));
            ApplicationStartupException failure = assertThrows(ApplicationStartupException.class,
                    () -> GridNode.start(args));
            assertTrue(String.valueOf(failure.getMessage()).contains(String.valueOf(taken.getLocalPort())),
                    failure.toString());
        }
        List<HazelcastInstance> left = Hazelcast.getAllHazelcastInstances().stream()
                .filter(member -> member.getConfig().getClusterName().equals(cluster)).toList();
        left.forEach(member -> member.getLifecycleService().terminate());
        assertEquals(List.of(), left, "the failed node's member is still running");
    }
}
