package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.KeySortedRun;
import io.snapgrid.snapshot.impl.PartWriter;
import io.snapgrid.snapshot.impl.RowSchema;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot being written: {@link #add} rows, then {@link #commit()}, or {@link #close()} to abandon it. Rows are
 * written sorted by key, in runs of {@link SnapshotFormat#sortRunBytes()} (a key's rows in the order added), and
 * encoded when added, so a caller may change a record after adding it. If the
 * process dies first, the data files written so far stay in storage but no manifest names them, so no snapshot
 * includes them; they are garbage for retention to collect. Not thread-safe.
 */
public final class PendingSnapshot implements Closeable {

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final SnapshotFormat format;
    private final String map;
    private final SnapshotKind kind;
    private final Long baseId;
    private final RowSchema rowSchema;
    private final GenericData.Record row;
    private final String writerToken = SnapshotLayout.newWriterToken(Instant.now());
    private final List<SnapshotFile> files = new ArrayList<>();
    private final KeySortedRun run;
    private PartWriter part;
    private Schema acceptedSchema;
    private boolean done;

    PendingSnapshot(SnapshotStorage storage, SnapshotCatalog catalog, SnapshotFormat format, String map,
                    SnapshotKind kind, Long baseId, Schema valueSchema) {
        this.storage = storage;
        this.catalog = catalog;
        this.format = format;
        this.map = map;
        this.kind = kind;
        this.baseId = baseId;
        this.rowSchema = RowSchema.of(valueSchema);
        this.row = new GenericData.Record(rowSchema.schema());
        this.run = new KeySortedRun(rowSchema.schema());
    }

    /**
     * @throws IllegalArgumentException if the row's value has another schema than the snapshot's
     */
    public void add(SnapshotRow snapshotRow) throws IOException {
        checkOpen();
        if (snapshotRow.value() != null) {
            checkSchema(snapshotRow.key(), snapshotRow.value().getSchema());
        }
        run.add(snapshotRow.key(), rowSchema.fill(row, snapshotRow));
        if (run.bytes() >= format.sortRunBytes()) {
            writeRun();
        }
    }

    /**
     * Publishes the remaining data file, then the manifest, under the map's next snapshot id. If this throws while
     * publishing the manifest, the snapshot may exist or not, so its data files are left in place either way.
     */
    public SnapshotManifest commit() throws IOException {
        checkOpen();
        writeRun();
        if (part != null) {
            finishPart();
        }
        done = true;
        return catalog.commit(map, kind, baseId, rowSchema.valueSchema(), files);
    }

    /** Abandons the snapshot unless it was committed, removing the data files it published. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (part != null) {
            part.close();
        }
        for (SnapshotFile file : files) {
            storage.delete(file.path());
        }
    }

    /** Schema equality is a deep comparison, so only a schema instance not seen before is compared. */
    private void checkSchema(String key, Schema schema) {
        if (schema != acceptedSchema) {
            if (!schema.equals(rowSchema.valueSchema())) {
                throw new IllegalArgumentException("row of key " + key + " has schema " + schema.getFullName()
                        + ", not this snapshot's schema of map " + map);
            }
            acceptedSchema = schema;
        }
    }

    private void writeRun() throws IOException {
        run.drain(sorted -> {
            if (part == null) {
                part = new PartWriter(storage, SnapshotLayout.partPath(map, writerToken, files.size()),
                        rowSchema.schema(), format);
            }
            part.write(sorted);
            if (part.size() >= format.targetFileBytes()) {
                finishPart();
            }
        });
    }

    private void finishPart() throws IOException {
        PartWriter finished = part;
        part = null;
        try (finished) {
            files.add(finished.commit());
        }
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("snapshot of map " + map + " was already committed or closed");
        }
    }
}
