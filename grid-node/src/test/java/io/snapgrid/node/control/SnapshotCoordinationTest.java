package io.snapgrid.node.control;

import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotReader;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotVerifier;
import io.snapgrid.snapshot.SnapshotWriter;
import io.snapgrid.snapshot.VerifiedChain;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader compacts a map whose deltas outgrew its full snapshot, then trims fulls beyond keep-full. */
@Tag("cluster")
class SnapshotCoordinationTest {

    private static final String MAP = "inventory.nodes";
    private static final Schema NODE = nodeSchema();

    @TempDir
    Path root;

    private final List<Map.Entry<String, GenericData.Record>> nodes = generated(200);

    @Test
    void theLeaderCompactsThenAppliesRetentionUnderItsEpoch() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(root);
        List<SnapshotManifest> old = List.of(
                commit(storage, SnapshotKind.FULL, null, 0, 200, 1),
                commit(storage, SnapshotKind.DELTA, null, 0, 100, 2));
        commit(storage, SnapshotKind.FULL, 2L, 0, 200, 2);
        commit(storage, SnapshotKind.DELTA, null, 50, 200, 3);
        commit(storage, SnapshotKind.DELTA, null, 190, 200, 4);
        Map<String, SnapshotRow> merged = content(storage, new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow());

        try (TestCluster cluster = TestCluster.start(2, "--snapshots.root=" + root,
                "--snapshots.retention.keep-full=2", "--snapshots.retention.max-age=0",
                "--control.snapshot-coordination.interval=1s")) {
            SnapshotCatalog catalog = new SnapshotCatalog(storage);
            // Compaction writes full 6 based on 5; retention keeps fulls 6 and 3 and what 3 replays, from 3 on.
            await("compacted and trimmed").until(() -> ids(catalog).equals(List.of(3L, 4L, 5L, 6L)));

            SnapshotManifest full = catalog.manifest(MAP, 6);
            assertEquals(SnapshotKind.FULL, full.kind());
            assertEquals(5L, full.baseId());
            VerifiedChain chain = new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
            assertEquals(List.of(full), chain.manifests());
            assertEquals(merged, content(storage, chain));
            Set<String> dataFiles = new TreeSet<>();
            storage.list("map=" + MAP + "/data/").forEach(file -> dataFiles.add(file.path()));
            old.forEach(manifest -> manifest.files().forEach(file -> assertFalse(dataFiles.contains(file.path()),
                    file.path() + " of a removed snapshot is gone")));

            int leader = ControlState.awaitSingleLeader(cluster);
            long epoch = ControlState.epoch(cluster, leader);
            List<ActionRecord> actions = cluster.member(0).<String, ActionRecord>getMap(ControlMaps.ACTIONS).values()
                    .stream().filter(action -> action.action().endsWith(MAP)).toList();
            assertTrue(actions.stream().anyMatch(action -> action.action().equals("compact snapshots of " + MAP)
                    && action.epoch() == epoch), actions::toString);
            assertTrue(actions.stream().anyMatch(action -> action.action().equals("apply snapshot retention to " + MAP)
                    && action.epoch() == epoch), actions::toString);
            // The compacted map is no longer due, so later rounds leave it alone.
            await("a round with nothing left to do").until(() -> ControlState.duty(cluster, leader,
                    SnapshotCoordination.NAME).path("summary").asText().equals("nothing to do for 1 maps"));
            assertEquals(List.of(3L, 4L, 5L, 6L), ids(catalog));
        }
    }

    /** Nodes {@code from} to {@code to}, each with {@code revision} as its hostname, so every revision differs. */
    private SnapshotManifest commit(SnapshotStorage storage, SnapshotKind kind, Long baseId, int from, int to,
                                    long revision) throws IOException {
        SnapshotWriter writer = new SnapshotWriter(storage);
        try (PendingSnapshot snapshot = kind == SnapshotKind.FULL ? writer.beginFull(MAP, NODE, baseId)
                : writer.beginDelta(MAP, NODE)) {
            for (Map.Entry<String, GenericData.Record> node : nodes.subList(from, to)) {
                GenericData.Record value = GenericData.get().deepCopy(NODE, node.getValue());
                value.put("hostname", "rev" + revision);
                snapshot.add(SnapshotRow.upsert(node.getKey(), revision, Instant.EPOCH.plusSeconds(revision), value));
            }
            return snapshot.commit();
        }
    }

    private static Map<String, SnapshotRow> content(SnapshotStorage storage, VerifiedChain chain) throws IOException {
        Map<String, SnapshotRow> content = new HashMap<>();
        new SnapshotReader(storage).read(chain, row -> content.put(row.key(), row));
        return content;
    }

    private static List<Long> ids(SnapshotCatalog catalog) {
        try {
            return catalog.ids(MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map.Entry<String, GenericData.Record>> generated(int count) {
        Map<String, GenericData.Record> nodes = new LinkedHashMap<>();
        InventoryGenerator.shipped(7).generate(count, nodes::put, (serial, component) -> { });
        return new ArrayList<>(nodes.entrySet());
    }

    private static Schema nodeSchema() {
        try (InputStream avsc = SnapshotCoordinationTest.class.getClassLoader()
                .getResourceAsStream("snapgrid/schemas/node.avsc")) {
            return RecordType.load(avsc).avroSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
