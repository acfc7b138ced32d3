package io.snapgrid.snapshot;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Snapshot rows over a fixed set of generated nodes: ranges of them upserted in a given state or deleted, at a
 * revision whose commit time follows it, and committed as one full or delta snapshot.
 */
final class NodeRows {

    static final Schema NODE = Inventory.NODE.avroSchema();

    private final List<Map.Entry<String, GenericData.Record>> nodes;

    NodeRows(int count) {
        nodes = new ArrayList<>(Inventory.nodes(count).entrySet());
    }

    String key(int node) {
        return nodes.get(node).getKey();
    }

    List<SnapshotRow> upserts(int from, int to, long revision, String state) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (int node = from; node < to; node++) {
            GenericData.Record value = GenericData.get().deepCopy(NODE, nodes.get(node).getValue());
            value.put("state", new GenericData.EnumSymbol(NODE.getField("state").schema(), state));
            rows.add(SnapshotRow.upsert(key(node), revision, Instant.EPOCH.plusSeconds(revision), value));
        }
        return rows;
    }

    List<SnapshotRow> deletes(int from, int to, long revision) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (int node = from; node < to; node++) {
            rows.add(SnapshotRow.delete(key(node), revision, Instant.EPOCH.plusSeconds(revision)));
        }
        return rows;
    }

    static SnapshotManifest commit(SnapshotStorage storage, String map, SnapshotKind kind, List<SnapshotRow> rows) {
        SnapshotWriter writer = new SnapshotWriter(storage);
        try (PendingSnapshot snapshot = kind == SnapshotKind.FULL ? writer.beginFull(map, NODE, null)
                : writer.beginDelta(map, NODE)) {
            for (SnapshotRow row : rows) {
                snapshot.add(row);
            }
            return snapshot.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
