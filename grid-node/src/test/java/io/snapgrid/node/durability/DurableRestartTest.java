package io.snapgrid.node.durability;

import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cluster stopped gracefully comes back from its snapshots with every strong and weak change. */
@Tag("cluster")
class DurableRestartTest {

    @Test
    void aGracefullyStoppedClusterRestoresStrongAndWeakMaps() throws IOException {
        RestartRoundTrip.run(3, Files.createTempDirectory("snapgrid-restart"));
    }

    /**
     * Hazelcast only logs a failed initial load and serves the map empty, and only one member lists the keys: every
     * member must still refuse, naming the damaged file, rather than become ready with an empty map.
     */
    @Test
    void noMemberBecomesReadyOverADamagedSnapshot() throws IOException {
        Path root = Files.createTempDirectory("snapgrid-damaged");
        try (TestCluster first = TestCluster.start(3, root, List.of())) {
            for (int i = 0; i < 50; i++) {
                assertEquals(201, new Http(first.restUrl(i % 3)).put("/v1/maps/inventory.nodes/entries/x1000c0s" + i
                        + "b0n0", Records.node("nid" + i, "Ready")).status());
            }
        }
        List<SnapshotManifest> manifests = new SnapshotCatalog(new FileSystemSnapshotStorage(root))
                .manifests("inventory.nodes");
        String damaged = manifests.get(manifests.size() - 1).files().get(0).path();
        byte[] bytes = Files.readAllBytes(root.resolve(damaged));
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(root.resolve(damaged), bytes);
        try (TestCluster second = TestCluster.start(3, root, List.of())) {
            for (int member = 0; member < 3; member++) {
                InitialLoad load = second.bean(member, InitialLoad.class);
                await("member " + member + " refuses the restore").until(() -> load.pending() != null
                        && load.pending().startsWith("failed:"));
                assertTrue(load.pending().contains(damaged), load.pending());
            }
        }
    }
}
