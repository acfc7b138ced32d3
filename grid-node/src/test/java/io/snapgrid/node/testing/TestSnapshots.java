package io.snapgrid.node.testing;

import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;
import io.snapgrid.snapshot.PendingSnapshot;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real snapshots of generated nodes, written with {@link SnapshotWriter} straight into a snapshot root that the test's
 * nodes share, and read back merged. Rows of revision {@code r} carry hostname {@code rev<r>}, so every revision
 * of a node differs.
 */
public final class TestSnapshots {

    public static final Schema NODE = nodeSchema();

    private final Path root;
    private final SnapshotStorage storage;
    private final List<Map.Entry<String, GenericData.Record>> nodes;

    public TestSnapshots(Path root, int nodeCount) {
        this.root = root;
        this.storage = new FileSystemSnapshotStorage(root);
        Map<String, GenericData.Record> generated = new LinkedHashMap<>();
        InventoryGenerator.shipped(7).generate(nodeCount, generated::put, (serial, component) -> { });
        this.nodes = new ArrayList<>(generated.entrySet());
    }

    public SnapshotStorage storage() {
        return storage;
    }

    /** A full snapshot of nodes {@code from} to {@code to} at {@code revision}, containing snapshots up to baseId. */
    public SnapshotManifest full(String map, Long baseId, int from, int to, long revision) {
        return commit(new SnapshotWriter(storage).beginFull(map, NODE, baseId), upserts(from, to, revision));
    }

    /** A delta upserting nodes {@code from} to {@code to} at {@code revision}. */
    public SnapshotManifest delta(String map, int from, int to, long revision) {
        return commit(new SnapshotWriter(storage).beginDelta(map, NODE), upserts(from, to, revision));
    }

    /** A delta deleting nodes {@code from} to {@code to} at {@code revision}. */
    public SnapshotManifest deletes(String map, int from, int to, long revision) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (Map.Entry<String, GenericData.Record> node : nodes.subList(from, to)) {
            rows.add(SnapshotRow.delete(node.getKey(), revision, Instant.EPOCH.plusSeconds(revision)));
        }
        return commit(new SnapshotWriter(storage).beginDelta(map, NODE), rows);
    }

    /** What restoring the map's latest chain reads, per key. */
    public Map<String, SnapshotRow> latest(String map) {
        try {
            return content(new SnapshotVerifier(storage).verifyLatest(map).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, SnapshotRow> content(VerifiedChain chain) {
        Map<String, SnapshotRow> content = new HashMap<>();
        try {
            new SnapshotReader(storage).read(chain, row -> content.put(row.key(), row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return content;
    }

    /** Flips the lowest bit of one byte of a stored file, keeping its size. */
    public void flipByte(String path, long position) {
        try (RandomAccessFile file = new RandomAccessFile(root.resolve(path).toFile(), "rw")) {
            file.seek(position);
            int original = file.read();
            file.seek(position);
            file.write(original ^ 0x01);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void truncate(String path, long length) {
        try (RandomAccessFile file = new RandomAccessFile(root.resolve(path).toFile(), "rw")) {
            file.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteFile(String path) {
        try {
            Files.delete(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<SnapshotRow> upserts(int from, int to, long revision) {
        List<SnapshotRow> rows = new ArrayList<>();
        for (Map.Entry<String, GenericData.Record> node : nodes.subList(from, to)) {
            GenericData.Record value = GenericData.get().deepCopy(NODE, node.getValue());
            value.put("hostname", "rev" + revision);
            rows.add(SnapshotRow.upsert(node.getKey(), revision, Instant.EPOCH.plusSeconds(revision), value));
        }
        return rows;
    }

    private static SnapshotManifest commit(PendingSnapshot snapshot, List<SnapshotRow> rows) {
        try (snapshot) {
            for (SnapshotRow row : rows) {
                snapshot.add(row);
            }
            return snapshot.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema nodeSchema() {
        try (InputStream avsc = TestSnapshots.class.getClassLoader().getResourceAsStream("snapgrid/schemas/node.avsc")) {
            return RecordType.load(avsc).avroSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
