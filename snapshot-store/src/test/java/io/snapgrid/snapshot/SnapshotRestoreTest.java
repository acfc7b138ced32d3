package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restore loads exactly the merged latest rows, verifies first, and falls back only when allowed and loudly. */
class SnapshotRestoreTest {

    private static final String NODES = "inventory.nodes";
    private static final String COMPONENTS = "inventory.components";

    @TempDir
    Path root;

    private final NodeRows nodes = new NodeRows(300);

    /** What the sink received, as comparable JSON by map and key, with each row's revision. */
    private final Map<String, Map<String, ObjectNode>> loaded = new TreeMap<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<RestoreStatus> updates = new ArrayList<>();

    private final RestoreSink sink = (map, rows) -> {
        batchSizes.add(rows.size());
        for (SnapshotRow row : rows) {
            ObjectNode json = Inventory.json(Inventory.NODE, row.value());
            json.put("_revision", row.revision());
            ObjectNode previous = loaded.computeIfAbsent(map, name -> new TreeMap<>()).put(row.key(), json);
            assertEquals(null, previous, "key " + row.key() + " loaded twice");
        }
    };

    @Test
    void aFullAndItsDeltasRestoreToTheirMergedContent() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(150, 250, 2, "Halt"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.deletes(0, 20, 3));
        SnapshotRestore restore = new SnapshotRestore(storage, RestoreOptions.defaults().withBatchSize(64));

        RestorePlan plan = restore.plan(List.of(NODES));
        List<RestoredMap> restored = restore.restore(plan, sink, updates::add);

        assertEquals(List.of(), plan.warnings());
        assertEquals(Snapshots.latest(storage, NODES), loaded.get(NODES));
        assertEquals(230, loaded.get(NODES).size());
        assertEquals("Halt", loaded.get(NODES).get(nodes.key(199)).get("state").asText());
        assertEquals(230, restored.get(0).entries());
        assertEquals(OptionalLong.of(3), restored.get(0).maxRevision(), "the tombstones' revision counts");
        assertTrue(batchSizes.stream().allMatch(size -> size <= 64) && batchSizes.size() == 4, batchSizes.toString());
    }

    @Test
    void progressCountsUpToTheTotalsOfTheManifests() throws IOException {
        SnapshotStorage storage = storage();
        SnapshotManifest full = NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 300, 1, "Ready"));
        SnapshotManifest delta = NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 100, 2, "Halt"));
        SnapshotManifest components = NodeRows.commit(storage, COMPONENTS, SnapshotKind.FULL, nodes.upserts(0, 50, 1, "Ready"));
        SnapshotRestore restore = new SnapshotRestore(storage, RestoreOptions.defaults().withProgressEveryRows(40));

        RestorePlan plan = restore.plan();
        List<RestoredMap> restored = restore.restore(plan, sink, updates::add);

        RestoreStatus.Amount nodesTotal = amount(full).plus(amount(delta));
        RestoreStatus.Amount total = nodesTotal.plus(amount(components));
        assertEquals(total, plan.total());
        assertEquals(List.of(COMPONENTS, NODES), restored.stream().map(RestoredMap::map).toList());
        assertEquals(List.of(amount(components), nodesTotal), restored.stream().map(RestoredMap::read).toList());
        RestoreStatus last = updates.get(updates.size() - 1);
        assertEquals(new RestoreStatus(NODES, nodesTotal, nodesTotal, total, total), last);
        assertEquals(new RestoreStatus(COMPONENTS, RestoreStatus.Amount.ZERO, amount(components),
                RestoreStatus.Amount.ZERO, total), updates.get(0));
        assertTrue(updates.size() >= 2 + 2 + 450 / 40, updates.size() + " updates");
        for (int index = 1; index < updates.size(); index++) {
            RestoreStatus before = updates.get(index - 1);
            RestoreStatus after = updates.get(index);
            assertTrue(after.done().rows() >= before.done().rows() && after.done().bytes() >= before.done().bytes()
                    && after.mapDone().rows() <= after.mapTotal().rows()
                    && after.mapDone().bytes() <= after.mapTotal().bytes(), before + " then " + after);
        }
        assertTrue(last.toString().startsWith("restore: inventory.nodes 400/400 rows, "), last.toString());
    }

    @Test
    void aCorruptDeltaRefusesTheRestoreNamingTheFile() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        SnapshotManifest delta = NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 50, 2, "Halt"));
        flipByte(delta.files().get(0));

        RestoreRefusedException e = assertThrows(RestoreRefusedException.class,
                () -> new SnapshotRestore(storage).plan());

        assertEquals(List.of(Kind.CHECKSUM_MISMATCH), kinds(e.reports().get(NODES)));
        assertTrue(e.getMessage().contains(delta.files().get(0).path()), e.getMessage());
        assertTrue(e.getMessage().contains("allowing fallback"), e.getMessage());
    }

    @Test
    void withFallbackADamagedFullIsPassedOverForThePreviousFullAndItsDeltas() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 50, 2, "Halt"));
        SnapshotManifest compacted = new SnapshotCompaction(storage).compact(NODES).orElseThrow();
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(100, 120, 3, "Off"));
        Map<String, ObjectNode> expected = Snapshots.latest(storage, NODES);
        flipByte(compacted.files().get(0));
        assertThrows(RestoreRefusedException.class, () -> new SnapshotRestore(storage).plan());

        RestorePlan plan = fallbackRestore(storage).plan();
        fallbackRestore(storage).restore(plan, sink, RestoreProgress.NONE);

        assertEquals(expected, loaded.get(NODES), "the deltas hold every change the damaged full did");
        RestoreWarning warning = plan.warnings().get(0);
        assertEquals(new RestoreWarning(NODES, 1, 4, 4, List.of(SnapshotLayout.manifestPath(NODES, 3)),
                warning.problems()), warning);
        assertTrue(warning.toString().contains(compacted.files().get(0).path()), warning.toString());
    }

    @Test
    void withFallbackADamagedDeltaCutsTheChainShortAndIsNamed() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 50, 2, "Halt"));
        Map<String, ObjectNode> asOfTwo = Snapshots.latest(storage, NODES);
        SnapshotManifest damaged = NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 10, 3, "Off"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(10, 20, 4, "Off"));
        flipByte(damaged.files().get(0));

        RestorePlan plan = fallbackRestore(storage).plan();
        fallbackRestore(storage).restore(plan, sink, RestoreProgress.NONE);

        assertEquals(asOfTwo, loaded.get(NODES), "nothing after the damaged delta, so the state really existed");
        RestoreWarning warning = plan.warnings().get(0);
        assertEquals(1, warning.fullId());
        assertEquals(2, warning.restoredUpTo());
        assertEquals(List.of(SnapshotLayout.manifestPath(NODES, 3), SnapshotLayout.manifestPath(NODES, 4)),
                warning.skippedManifests());
        assertTrue(kinds(warning.problems()).contains(Kind.CHECKSUM_MISMATCH), warning.toString());
        assertTrue(warning.toString().startsWith("FALLBACK RESTORE of map inventory.nodes"), warning.toString());
    }

    @Test
    void aDeletedManifestInTheMiddleIsAChainBreak() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 50, 2, "Halt"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(50, 60, 3, "Halt"));
        storage.delete(SnapshotLayout.manifestPath(NODES, 2));

        RestoreRefusedException e = assertThrows(RestoreRefusedException.class,
                () -> new SnapshotRestore(storage).plan(List.of(NODES)));
        assertEquals(List.of(Kind.MISSING_MANIFEST), kinds(e.reports().get(NODES)));
        assertTrue(e.getMessage().contains(SnapshotLayout.manifestPath(NODES, 2)), e.getMessage());

        RestorePlan plan = fallbackRestore(storage).plan(List.of(NODES));
        fallbackRestore(storage).restore(plan, sink, RestoreProgress.NONE);
        assertEquals(200, loaded.get(NODES).size());
        assertTrue(loaded.get(NODES).values().stream().allMatch(node -> node.get("state").asText().equals("Ready")));
        assertEquals(List.of(SnapshotLayout.manifestPath(NODES, 2), SnapshotLayout.manifestPath(NODES, 3)),
                plan.warnings().get(0).skippedManifests());
    }

    @Test
    void withNoValidFullEvenFallbackRefuses() throws IOException {
        SnapshotStorage storage = storage();
        SnapshotManifest full = NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 200, 1, "Ready"));
        flipByte(full.files().get(0));

        RestoreRefusedException e = assertThrows(RestoreRefusedException.class,
                () -> fallbackRestore(storage).plan());
        assertTrue(e.getMessage().contains("no older full snapshot"), e.getMessage());
        assertTrue(e.getMessage().contains(full.files().get(0).path()), e.getMessage());
    }

    @Test
    void everyRefusedMapIsNamedAtOnce() throws IOException {
        SnapshotStorage storage = storage();
        flipByte(NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 100, 1, "Ready")).files().get(0));
        flipByte(NodeRows.commit(storage, COMPONENTS, SnapshotKind.FULL, nodes.upserts(0, 100, 1, "Ready")).files().get(0));

        RestoreRefusedException e = assertThrows(RestoreRefusedException.class,
                () -> new SnapshotRestore(storage).plan());
        assertEquals(List.of(COMPONENTS, NODES), e.reports().keySet().stream().sorted().toList());
    }

    @Test
    void anEmptyStoreRestoresNothingWithoutError() throws IOException {
        SnapshotRestore restore = new SnapshotRestore(storage());

        RestorePlan everything = restore.plan();
        RestorePlan named = restore.plan(List.of(NODES));
        List<RestoredMap> restored = restore.restore(named, sink, updates::add);

        assertEquals(List.of(), everything.maps());
        assertEquals(List.of(new RestoredMap(NODES, 0, RestoreStatus.Amount.ZERO, OptionalLong.empty())), restored);
        assertEquals(Map.of(), loaded);
        assertEquals(RestoreStatus.Amount.ZERO, updates.get(updates.size() - 1).total());
    }

    @Test
    void aMapOfOnlyDeltasRestoresFromItsFirstSnapshotWithoutWarning() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(0, 100, 1, "Ready"));
        NodeRows.commit(storage, NODES, SnapshotKind.DELTA, nodes.upserts(50, 150, 2, "Halt"));
        SnapshotRestore restore = new SnapshotRestore(storage);

        RestorePlan plan = restore.plan();
        restore.restore(plan, sink, RestoreProgress.NONE);

        assertEquals(List.of(), plan.warnings());
        assertEquals(150, loaded.get(NODES).size());
        assertEquals(Snapshots.content(storage, new SnapshotVerifier(storage).verifyRestoreChain(NODES)
                .orElseThrow()), loaded.get(NODES));
    }

    @Test
    void aFirstFullPublishedWhilePlanningNeverFailsThePlan() throws IOException {
        SnapshotStorage plain = storage();
        NodeRows.commit(plain, NODES, SnapshotKind.DELTA, nodes.upserts(0, 100, 1, "Ready"));
        NodeRows.commit(plain, NODES, SnapshotKind.DELTA, nodes.upserts(50, 150, 2, "Halt"));
        Map<String, ObjectNode> before = Snapshots.content(plain, new SnapshotVerifier(plain)
                .verifyRestoreChain(NODES).orElseThrow());
        FullPublishedAfterListing racing = new FullPublishedAfterListing(plain, NODES);
        SnapshotRestore restore = new SnapshotRestore(racing);

        RestorePlan plan = restore.plan(List.of(NODES));
        restore.restore(plan, sink, RestoreProgress.NONE);

        assertEquals(3, racing.published().id(), "the compaction really ran between the planner's listings");
        assertEquals(List.of(1L, 2L), plan.maps().get(0).chain().orElseThrow().manifests().stream()
                .map(SnapshotManifest::id).toList(), "the plan is the deltas its one listing saw");
        assertEquals(before, loaded.get(NODES));
    }

    @Test
    void multipleMapsLoadIntoTheirOwnNames() throws IOException {
        SnapshotStorage storage = storage();
        NodeRows.commit(storage, NODES, SnapshotKind.FULL, nodes.upserts(0, 120, 1, "Ready"));
        NodeRows.commit(storage, COMPONENTS, SnapshotKind.FULL, nodes.upserts(100, 180, 5, "Off"));
        NodeRows.commit(storage, COMPONENTS, SnapshotKind.DELTA, nodes.deletes(100, 110, 6));
        SnapshotRestore restore = new SnapshotRestore(storage);

        List<RestoredMap> restored = restore.restore(restore.plan(), sink, RestoreProgress.NONE);

        assertEquals(Map.of(NODES, Snapshots.latest(storage, NODES), COMPONENTS, Snapshots.latest(storage,
                COMPONENTS)), loaded);
        assertEquals(List.of(OptionalLong.of(6), OptionalLong.of(1)),
                restored.stream().map(RestoredMap::maxRevision).toList());
        assertEquals(List.of(70L, 120L), restored.stream().map(RestoredMap::entries).toList());
    }

    private SnapshotStorage storage() {
        return new FileSystemSnapshotStorage(root);
    }

    private static SnapshotRestore fallbackRestore(SnapshotStorage storage) {
        return new SnapshotRestore(storage, RestoreOptions.defaults().withFallbackAllowed(true));
    }

    private static RestoreStatus.Amount amount(SnapshotManifest manifest) {
        return new RestoreStatus.Amount(manifest.rowCount(), manifest.byteSize());
    }

    private static List<Kind> kinds(VerificationReport report) {
        return report.problems().stream().map(VerificationProblem::kind).toList();
    }

    private void flipByte(SnapshotFile file) throws IOException {
        try (RandomAccessFile data = new RandomAccessFile(root.resolve(file.path()).toFile(), "rw")) {
            long position = file.byteSize() / 2;
            data.seek(position);
            int original = data.read();
            data.seek(position);
            data.write(original ^ 0x01);
        }
    }
}
