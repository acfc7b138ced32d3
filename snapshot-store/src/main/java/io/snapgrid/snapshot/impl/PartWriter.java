package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotFormat;
import io.snapgrid.snapshot.SnapshotStorage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

import java.io.Closeable;
import java.io.IOException;

/** One Parquet data file being written to storage, measured as it goes. */
public final class PartWriter implements Closeable {

    static final int PAGE_ROWS = 1_000;

    private final PendingFile pending;
    private final DigestingOutputFile file;
    private final ParquetWriter<GenericRecord> writer;
    private long rows;

    public PartWriter(SnapshotStorage storage, String path, Schema schema, SnapshotFormat format) throws IOException {
        pending = storage.create(path);
        try {
            file = new DigestingOutputFile(path, pending.out());
            // Keys and revisions hardly repeat, so a dictionary for them is built only to be thrown away. Pages of
            // at most PAGE_ROWS rows bound what a lookup of one key decodes per column: with Parquet's default of
            // 20,000 a narrow key column fills one page with 20,000 keys, and the page index then narrows a daily
            // delta of every node to 20,000 rows of every column. No bloom filter on the key: its smallest
            // adaptive size, tens of kilobytes a row group, would outweigh the small deltas of weak flushes.
            writer = ParquetFiles.writer(file, schema, format)
                    .withPageRowCountLimit(PAGE_ROWS)
                    .withDictionaryEncoding(RowSchema.KEY, false)
                    .withDictionaryEncoding(RowSchema.REVISION, false)
                    .build();
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
    }

    public void write(GenericRecord row) throws IOException {
        writer.write(row);
        rows++;
    }

    /** Bytes written so far plus those buffered for the current row group. */
    public long size() {
        return writer.getDataSize();
    }

    /** Finishes the file (footer, fsync, publication) and describes it for the manifest. */
    public SnapshotFile commit() throws IOException {
        writer.close();
        pending.commit();
        return new SnapshotFile(pending.path(), rows, file.bytesWritten(), file.sha256());
    }

    /** Discards the file unless it was committed. */
    @Override
    public void close() throws IOException {
        pending.close();
    }
}
