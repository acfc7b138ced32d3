package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Restore keeps per key the row of the highest revision, whatever order or how often rows arrive. */
class SnapshotMergeTest {

    private static final String MAP = "inventory.nodes";
    private static final Schema NODE = Inventory.NODE.avroSchema();

    @TempDir
    Path dir;

    private final List<Map.Entry<String, GenericData.Record>> nodes =
            new ArrayList<>(Inventory.nodes(5).entrySet());

    @Test
    void tombstonesRemoveKeysAndLaterUpsertsBringThemBack() throws IOException {
        SnapshotStorage storage = storage("store");
        commitFull(storage, null, upsert(0, 1, "Ready"), upsert(1, 1, "Ready"), upsert(2, 1, "Ready"),
                upsert(3, 1, "Ready"));
        commitDelta(storage, delete(1, 2), upsert(2, 2, "Halt"), delete(3, 2));
        commitDelta(storage, upsert(3, 3, "On"));

        assertEquals(Map.of(key(0), "Ready", key(2), "Halt", key(3), "On"), states(storage));
    }

    @Test
    void aStaleRowArrivingLaterLosesToTheHigherRevision() throws IOException {
        SnapshotStorage storage = storage("store");
        commitFull(storage, null, upsert(0, 1, "Ready"), upsert(1, 1, "Ready"));
        commitDelta(storage, upsert(0, 5, "Halt"), upsert(1, 5, "Off"));
        // Flushed late, e.g. by the old owner of a partition after a migration.
        commitDelta(storage, upsert(0, 3, "On"), delete(1, 4));

        assertEquals(Map.of(key(0), "Halt", key(1), "Off"), states(storage));
    }

    @Test
    void replayingRowsTwiceChangesNothing() throws IOException {
        SnapshotRow[] rows = {upsert(0, 1, "Ready"), upsert(1, 1, "Off"), upsert(2, 2, "On"), delete(3, 3)};
        SnapshotStorage once = storage("once");
        commitFull(once, null, rows);
        SnapshotStorage twice = storage("twice");
        commitFull(twice, null, rows);
        commitDelta(twice, rows);
        commitDelta(twice, rows[2], rows[2], rows[0]);

        assertEquals(Map.of(key(0), "Ready", key(1), "Off", key(2), "On"), states(once));
        assertEquals(states(once), states(twice));
        assertEquals(revisions(once), revisions(twice));
    }

    @Test
    void deltasInEitherOrderGiveTheSameState() throws IOException {
        SnapshotRow[] first = {upsert(0, 2, "Halt"), delete(1, 2), upsert(2, 7, "On")};
        SnapshotRow[] second = {upsert(0, 3, "Off"), upsert(1, 3, "Standby"), upsert(2, 6, "Empty")};
        SnapshotStorage inOrder = storage("in-order");
        commitFull(inOrder, null, upsert(0, 1, "Ready"), upsert(1, 1, "Ready"), upsert(2, 1, "Ready"));
        commitDelta(inOrder, first);
        commitDelta(inOrder, second);
        SnapshotStorage reversed = storage("reversed");
        commitFull(reversed, null, upsert(0, 1, "Ready"), upsert(1, 1, "Ready"), upsert(2, 1, "Ready"));
        commitDelta(reversed, second);
        commitDelta(reversed, first);

        assertEquals(Map.of(key(0), "Off", key(1), "Standby", key(2), "On"), states(inOrder));
        assertEquals(states(inOrder), states(reversed));
    }

    @Test
    void aFullSnapshotReplaysTheDeltasCommittedAfterItsBase() throws IOException {
        SnapshotStorage storage = storage("store");
        SnapshotManifest first = commitFull(storage, null, upsert(0, 1, "Ready"), upsert(1, 1, "Ready"));
        // Committed while the next full, which saw only the first snapshot, was being written.
        SnapshotManifest concurrent = commitDelta(storage, upsert(1, 2, "Halt"));
        SnapshotManifest full = commitFull(storage, first.id(), upsert(0, 1, "Ready"), upsert(1, 1, "Ready"));
        SnapshotManifest after = commitDelta(storage, upsert(0, 3, "Off"));

        VerifiedChain chain = new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow();
        assertEquals(List.of(full.id(), concurrent.id(), after.id()),
                chain.manifests().stream().map(SnapshotManifest::id).toList());
        assertEquals(Map.of(key(0), "Off", key(1), "Halt"), states(storage));

        SnapshotManifest complete = commitFull(storage, after.id(), upsert(0, 3, "Off"), upsert(1, 2, "Halt"));
        assertEquals(List.of(complete), new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow().manifests());
        assertEquals(Map.of(key(0), "Off", key(1), "Halt"), states(storage));
    }

    @Test
    void valuesWrittenBeforeAFieldWasAddedReadWithItsDefault() throws IOException {
        Schema withoutHeartbeat = withoutField(NODE, "lastHeartbeat");
        GenericData.Record old = new GenericData.Record(withoutHeartbeat);
        withoutHeartbeat.getFields().forEach(field -> old.put(field.name(), nodes.get(0).getValue().get(field.name())));
        SnapshotStorage storage = storage("store");
        SnapshotWriter writer = new SnapshotWriter(storage);
        try (PendingSnapshot full = writer.beginFull(MAP, withoutHeartbeat, null)) {
            full.add(SnapshotRow.upsert(key(0), 1, Instant.EPOCH, old));
            full.commit();
        }
        GenericData.Record beating = GenericData.get().deepCopy(NODE, nodes.get(1).getValue());
        beating.put("lastHeartbeat", 1_700_000_000_000L);
        commitDelta(storage, SnapshotRow.upsert(key(1), 1, Instant.EPOCH, beating));

        Map<String, ObjectNode> read = new TreeMap<>();
        new SnapshotReader(storage).read(new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow(),
                row -> read.put(row.key(), Inventory.json(Inventory.NODE, row.value())));
        assertEquals(Inventory.json(Inventory.NODE, nodes.get(0).getValue()), read.get(key(0)));
        assertEquals(1_700_000_000_000L, read.get(key(1)).get("lastHeartbeat").longValue());
    }

    private SnapshotStorage storage(String name) {
        return new FileSystemSnapshotStorage(dir.resolve(name));
    }

    private String key(int node) {
        return nodes.get(node).getKey();
    }

    private SnapshotRow upsert(int node, long revision, String state) {
        GenericData.Record value = GenericData.get().deepCopy(NODE, nodes.get(node).getValue());
        value.put("state", new GenericData.EnumSymbol(NODE.getField("state").schema(), state));
        return SnapshotRow.upsert(key(node), revision, Instant.EPOCH.plusSeconds(revision), value);
    }

    private SnapshotRow delete(int node, long revision) {
        return SnapshotRow.delete(key(node), revision, Instant.EPOCH.plusSeconds(revision));
    }

    private static SnapshotManifest commitFull(SnapshotStorage storage, Long baseId, SnapshotRow... rows)
            throws IOException {
        try (PendingSnapshot snapshot = new SnapshotWriter(storage).beginFull(MAP, NODE, baseId)) {
            return addAll(snapshot, rows);
        }
    }

    private static SnapshotManifest commitDelta(SnapshotStorage storage, SnapshotRow... rows) throws IOException {
        try (PendingSnapshot snapshot = new SnapshotWriter(storage).beginDelta(MAP, NODE)) {
            return addAll(snapshot, rows);
        }
    }

    private static SnapshotManifest addAll(PendingSnapshot snapshot, SnapshotRow... rows) throws IOException {
        for (SnapshotRow row : rows) {
            snapshot.add(row);
        }
        return snapshot.commit();
    }

    private static Map<String, String> states(SnapshotStorage storage) throws IOException {
        Map<String, String> states = new TreeMap<>();
        for (SnapshotRow row : live(storage)) {
            states.put(row.key(), row.value().get("state").toString());
        }
        return states;
    }

    private static Map<String, Long> revisions(SnapshotStorage storage) throws IOException {
        Map<String, Long> revisions = new TreeMap<>();
        for (SnapshotRow row : live(storage)) {
            revisions.put(row.key(), row.revision());
        }
        return revisions;
    }

    private static List<SnapshotRow> live(SnapshotStorage storage) throws IOException {
        List<SnapshotRow> rows = new ArrayList<>();
        new SnapshotReader(storage).read(new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow(), rows::add);
        return rows;
    }

    private static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            if (!field.name().equals(name)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
