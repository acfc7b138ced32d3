package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.context.ApplicationContext;
import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.GridNode;
import io.snapgrid.node.control.ControlMaps;
import io.snapgrid.node.control.DutyStatus;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.records.inventory.InventoryGenerator;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node is not ready while its restore waits for cluster.min-size members, nor while the restore runs; it is ready
 * once every durable map is loaded. Nothing loads a durable map before the members are in.
 */
@Tag("cluster")
class RestoreReadinessTest {

    private static final String MAP = "inventory.nodes";
    private static final int ROWS = 10_000;

    @Test
    void readinessIsDownWhileTheRestoreWaitsForMembersAndWhileItRuns() throws Exception {
        Path root = Files.createTempDirectory("snapgrid-readiness");
        writeNodes(root);
        Nodes nodes = new Nodes(root, 2);
        try {
            nodes.start(0);
            Http first = new Http(nodes.restUrl(0));
            Http.Reply alone = first.get("/health/readiness");
            assertEquals(503, alone.status(), alone::toString);
            assertTrue(initialLoad(alone).startsWith("waiting for 2 members"), alone::toString);
            // Alone, the node leads the control service, whose duties run at once; none may load a durable map.
            IMap<String, DutyStatus> duties = nodes.member(0).getMap(ControlMaps.DUTIES);
            await("the control service ran its duties").until(() -> duties.size() == 4);
            assertEquals(List.of(), nodes.member(0).getDistributedObjects().stream()
                    .map(DistributedObject::getName).filter(name -> name.startsWith("inventory.")).toList(),
                    "durable maps loaded before " + 2 + " members are in: " + duties.values());
            assertEquals(503, first.get("/health/readiness").status());

            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> nodes.start(1));
            // Polled all but without pause: the restore of the map may take a second or less.
            Set<String> seen = new LinkedHashSet<>();
            await("ready after the restore").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        Http.Reply readiness = first.get("/health/readiness");
                        if (readiness.status() == 200) {
                            return true;
                        }
                        seen.add(readiness.status() + " " + initialLoad(readiness));
                        return false;
                    });
            second.join();

            assertTrue(seen.stream().allMatch(state -> state.startsWith("503 ")), seen::toString);
            assertTrue(seen.contains("503 restoring " + MAP), "not ready while " + MAP + " is restored: " + seen);
            assertEquals(ROWS, nodes.member(0).getMap(MAP).size());
            Http secondHttp = new Http(nodes.restUrl(1));
            await("the second node is ready").until(() -> secondHttp.get("/health/readiness").status() == 200);
        } finally {
            nodes.close();
        }
    }

    private static String initialLoad(Http.Reply readiness) {
        JsonNode value = readiness.json().findValue("initialLoad");
        return value == null ? "" : value.asText();
    }

    /** The map's rows as one delta, as a weak flush or a rolled commit log leaves them. */
    private static void writeNodes(Path root) throws Exception {
        AtomicLong revision = new AtomicLong();
        List<SnapshotRow> rows = new ArrayList<>();
        InventoryGenerator.shipped(11).generate(ROWS, (xname, node) ->
                rows.add(SnapshotRow.upsert(xname, revision.incrementAndGet(), Instant.now(), node)), (s, c) -> { });
        try (PendingSnapshot delta = new SnapshotWriter(new FileSystemSnapshotStorage(root))
                .beginDelta(MAP, DurableTesting.NODE.avroSchema())) {
            for (SnapshotRow row : rows) {
                delta.add(row);
            }
            delta.commit();
        }
    }

    /** Nodes of one cluster started one at a time, as TestCluster starts them all at once. */
    private static final class Nodes {

        private final String clusterName = "test-" + UUID.randomUUID();
        private final Path root;
        private final List<Integer> memberPorts = new ArrayList<>();
        private final List<Integer> restPorts = new ArrayList<>();
        private final ApplicationContext[] started;

        Nodes(Path root, int size) {
            this.root = root;
            for (int i = 0; i < size; i++) {
                memberPorts.add(FreePorts.take());
                restPorts.add(FreePorts.take());
            }
            started = new ApplicationContext[size];
        }

        void start(int index) {
            List<String> members = memberPorts.stream().map(port -> "127.0.0.1:" + port).toList();
            try {
                started[index] = GridNode.start(List.of(
                        "--cluster.name=" + clusterName,
                        "--cluster.member-port=" + memberPorts.get(index),
                        "--cluster.members=" + String.join(",", members),
                        "--cluster.min-size=" + members.size(),
                        "--cluster.hazelcast-properties.hazelcast.wait.seconds.before.join=1",
                        "--rest.port=" + restPorts.get(index),
                        "--snapshots.root=" + root,
                        "--data-dir=" + Files.createTempDirectory("snapgrid-test-data")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String restUrl(int index) {
            return "http://127.0.0.1:" + restPorts.get(index);
        }

        HazelcastInstance member(int index) {
            return started[index].getBean(HazelcastInstance.class);
        }

        void close() {
            for (ApplicationContext node : started) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
