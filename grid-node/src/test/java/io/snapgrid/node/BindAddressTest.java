package io.snapgrid.node;

import com.hazelcast.core.HazelcastInstance;
import io.micronaut.context.ApplicationContext;
import io.snapgrid.jobs.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A member given cluster.bind-address listens there only and announces it, so one host can hold several. */
class BindAddressTest {

    @Test
    void aMemberListensOnAndAnnouncesItsBindAddressOnly() throws IOException {
        List<Integer> ports = FreePorts.take(2);
        String member = "127.0.0.2:" + ports.get(0);
        try (ApplicationContext node = GridNode.start(List.of(
                "--cluster.name=bind-" + UUID.randomUUID(),
                "--cluster.bind-address=127.0.0.2",
                "--cluster.member-port=" + ports.get(0),
                "--cluster.members=" + member,
                "--rest.port=" + ports.get(1),
                "--data-dir=" + Files.createTempDirectory("snapgrid-bind")))) {
            HazelcastInstance hazelcast = node.getBean(HazelcastInstance.class);
            assertEquals("127.0.0.2", hazelcast.getCluster().getLocalMember().getAddress().getHost());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.2", ports.get(0)));
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", ports.get(0)));
                }
            }, "nothing listens on the member port of another loopback address");
        }
    }
}
