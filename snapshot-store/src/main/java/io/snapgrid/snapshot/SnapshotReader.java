package io.snapgrid.snapshot;

import io.snapgrid.snapshot.impl.LatestRows;
import io.snapgrid.snapshot.impl.ParquetFiles;
import io.snapgrid.snapshot.impl.RowSchema;
import io.snapgrid.snapshot.impl.StorageInputFile;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a map's live contents out of a verified chain: per key the row with the highest revision, tombstones
 * dropped. Two passes stream the files: the first reads only the meta columns (key, op, revision, commit time) to
 * pick each key's winning row, the second reads values and hands on the winners. Memory holds one small entry per
 * key, never the values. Thread-safe.
 */
public final class SnapshotReader {

    private final SnapshotStorage storage;

    public SnapshotReader(SnapshotStorage storage) {
        this.storage = storage;
    }

    /** Reads values in the schema of the chain's newest snapshot. @return the number of rows handed on */
    public long read(VerifiedChain chain, Consumer<SnapshotRow> sink) throws IOException {
        return read(chain, chain.head().schema(), sink);
    }

    /**
     * @param valueSchema the schema to read values in; files written in an older schema are resolved to it by
     *                    Avro's rules (a field added with a default reads as that default)
     * @return the number of rows handed on, one per live key, in no particular order
     */
    public long read(VerifiedChain chain, Schema valueSchema, Consumer<SnapshotRow> sink) throws IOException {
        return read(chain, valueSchema, sink, (file, rows) -> { }).handedOn();
    }

    /**
     * The live keys of a chain and its highest revision, from the meta columns alone (no values are read): what a
     * loader needs to announce the keys before their owners read the values.
     */
    public LiveKeys liveKeys(VerifiedChain chain) throws IOException {
        LatestRows latest = pickLatest(chain);
        latest.dropDeleted();
        return new LiveKeys(latest.keys(), latest.maxRevision());
    }

    /**
     * The latest row of one key in the chain, tombstone included, or empty if no row names it. Scans the meta
     * columns of every file, so it costs a pass over the chain: meant for the rare read of an evicted entry.
     */
    public Optional<SnapshotRow> find(VerifiedChain chain, String key) throws IOException {
        List<SnapshotFile> files = files(chain);
        LatestRows latest = new LatestRows();
        for (int index = 0; index < files.size(); index++) {
            SnapshotFile file = files.get(index);
            long row = 0;
            try (ParquetReader<GenericRecord> reader = ParquetFiles.projectedReader(input(file), RowSchema.META)) {
                for (GenericRecord record = next(reader, file); record != null; record = next(reader, file), row++) {
                    if (key.equals(RowSchema.key(record))) {
                        latest.offer(key, RowSchema.revision(record), RowSchema.commitTime(record).toEpochMilli(),
                                RowSchema.op(record) == SnapshotOp.DELETE, index, row);
                    }
                }
            }
        }
        if (latest.size() == 0) {
            return Optional.empty();
        }
        Schema rowSchema = RowSchema.of(chain.head().schema()).schema();
        for (int index = 0; index < files.size(); index++) {
            SnapshotFile file = files.get(index);
            try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(input(file), rowSchema)) {
                long row = 0;
                for (GenericRecord record = next(reader, file); record != null; record = next(reader, file), row++) {
                    if (latest.isLatest(key, index, row)) {
                        return Optional.of(RowSchema.toRow(record));
                    }
                }
            }
        }
        throw new SnapshotFormatException(chain.head().map(), "the latest row of key " + key
                + " vanished between two reads of the chain", null);
    }

    /** @param maxRevision the highest revision of any row, tombstones included; {@link Long#MIN_VALUE} if none */
    public record LiveKeys(Set<String> keys, long maxRevision) {
    }

    /** Sees the value pass advance, the pass that hands rows on, so that a restore can report how far it got. */
    interface ScanListener {

        /** @param rowsScanned rows of the file read so far in the value pass, handed on or not */
        void scanned(SnapshotFile file, long rowsScanned);
    }

    /** @param maxRevision the highest revision of any row in the chain; {@link Long#MIN_VALUE} if it has none */
    record ReadResult(long handedOn, long maxRevision) {
    }

    ReadResult read(VerifiedChain chain, Schema valueSchema, Consumer<SnapshotRow> sink, ScanListener listener)
            throws IOException {
        List<SnapshotFile> files = files(chain);
        LatestRows latest = pickLatest(chain);
        latest.dropDeleted();
        Schema rowSchema = RowSchema.of(valueSchema).schema();
        long handedOn = 0;
        for (int index = 0; index < files.size() && handedOn < latest.size(); index++) {
            handedOn += handOnLatest(files.get(index), index, rowSchema, latest, sink, listener);
        }
        return new ReadResult(handedOn, latest.maxRevision());
    }

    private static List<SnapshotFile> files(VerifiedChain chain) {
        List<SnapshotFile> files = new ArrayList<>();
        chain.manifests().forEach(manifest -> files.addAll(manifest.files()));
        return files;
    }

    private LatestRows pickLatest(VerifiedChain chain) throws IOException {
        List<SnapshotFile> files = files(chain);
        LatestRows latest = new LatestRows();
        for (int index = 0; index < files.size(); index++) {
            pickLatest(files.get(index), index, latest);
        }
        return latest;
    }

    private void pickLatest(SnapshotFile file, int index, LatestRows latest) throws IOException {
        long row = 0;
        try (ParquetReader<GenericRecord> reader = ParquetFiles.projectedReader(input(file), RowSchema.META)) {
            for (GenericRecord record = next(reader, file); record != null; record = next(reader, file), row++) {
                latest.offer(RowSchema.key(record), RowSchema.revision(record),
                        RowSchema.commitTime(record).toEpochMilli(), RowSchema.op(record) == SnapshotOp.DELETE,
                        index, row);
            }
        }
        if (row != file.rowCount()) {
            throw new SnapshotFormatException(file.path(), "read " + row + " rows, the manifest records "
                    + file.rowCount() + "; the file changed after it was verified", null);
        }
    }

    private long handOnLatest(SnapshotFile file, int index, Schema rowSchema, LatestRows latest,
                              Consumer<SnapshotRow> sink, ScanListener listener) throws IOException {
        long row = 0;
        long handedOn = 0;
        try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(input(file), rowSchema)) {
            for (GenericRecord record = next(reader, file); record != null; record = next(reader, file), row++) {
                if (latest.isLatest(RowSchema.key(record), index, row)) {
                    sink.accept(RowSchema.toRow(record));
                    handedOn++;
                }
                listener.scanned(file, row + 1);
            }
        }
        return handedOn;
    }

    private StorageInputFile input(SnapshotFile file) {
        return new StorageInputFile(storage, file.path(), file.byteSize());
    }

    private static GenericRecord next(ParquetReader<GenericRecord> reader, SnapshotFile file) throws IOException {
        return ParquetFiles.next(reader, file.path());
    }
}
