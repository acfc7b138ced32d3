package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotFormatException;
import io.snapgrid.snapshot.SnapshotStorageException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The footers and page indexes of published Parquet files, kept between key lookups. Published files never change,
 * so what was read once stays true; at the reference size, reading them again (Thrift-decoding every column's page
 * locations of every file) made a key's lookup take about 1.6 times as long. Entries are dropped least recently used
 * first once their estimated size passes the budget. Thread-safe.
 */
public final class FileIndexes {

    /** Bytes an index entry is counted at beyond its page count: object headers, the map entry. */
    private static final int ENTRY_OVERHEAD = 96;
    /**
     * Per page: an offset index holds offset, size and first row; a column index two bounds and a null count. Set
     * so that the estimate matched the heap the indexes of a 90-day store of 250,000 nodes took (54 MB, 184 files).
     */
    private static final int BYTES_PER_PAGE = 48;

    private final long budgetBytes;
    private final LinkedHashMap<String, FileEntry> byPath = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    /** @param budgetBytes about how many bytes of heap the kept footers and indexes may take */
    public FileIndexes(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("an index budget of at least one byte, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /**
     * The rows of {@code key} in {@code file}, in the file's order, as records of {@code readSchema}: only the row
     * groups whose key statistics admit the key are read, and of those only the pages whose column index
     * admits it (files are written sorted by key, so nearly all are skipped); only that key's records are assembled.
     *
     * @throws SnapshotFormatException if the file cannot be read as Parquet
     */
    public List<GenericRecord> keyRows(StorageInputFile file, Schema readSchema, String key) throws IOException {
        FilterCompat.Filter filter = FilterCompat.get(
                FilterApi.eq(FilterApi.binaryColumn(RowSchema.KEY), Binary.fromString(key)));
        try {
            ParquetReadOptions options = ParquetFiles.readOptions(readSchema, filter);
            // The footer, when not kept, and both passes read through one stream: opening a file is a request of
            // its own on object storage.
            try (SeekableInputStream stream = file.newStream()) {
                FileEntry entry = entryOf(file, stream);
                List<RowRanges> rows = rowsOf(file, entry, options, unclosed(stream), key);
                try (IndexedFileReader reader = new IndexedFileReader(file, entry, options, unclosed(stream))) {
                    return ParquetFiles.records(reader, options, rows);
                }
            }
        } catch (SnapshotStorageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SnapshotFormatException(file.toString(), "cannot read rows: " + e, e);
        }
    }

    /**
     * Per row group that Parquet's filters keep, the rows that hold {@code key}: read from the key column alone, in
     * the pages its column index admits. Assembling records is what costs: Parquet's record filter converts every
     * value of every row in the admitted pages before it drops the row (about four fifths of a lookup at the
     * reference size, where a key's pages hold a thousand rows each), so rows are assembled for these alone.
     */
    private static List<RowRanges> rowsOf(StorageInputFile file, FileEntry entry, ParquetReadOptions options,
                                          SeekableInputStream stream, String key) throws IOException {
        FileMetaData metadata = entry.footer().getFileMetaData();
        MessageType keyOnly = new MessageType(metadata.getSchema().getName(),
                metadata.getSchema().getType(RowSchema.KEY));
        ColumnDescriptor keyColumn = keyOnly.getColumns().get(0);
        Binary wanted = Binary.fromString(key);
        List<RowRanges> rows = new ArrayList<>();
        try (IndexedFileReader reader = new IndexedFileReader(file, entry, options, stream)) {
            reader.setRequestedSchema(keyOnly);
            for (int group = 0; group < reader.getRowGroups().size(); group++) {
                RowRanges.Builder matching = RowRanges.builder();
                PageReadStore pages = reader.readFilteredRowGroup(group);
                if (pages != null) {
                    ColumnReader keys = new ColumnReadStoreImpl(pages,
                            new DummyRecordConverter(keyOnly).getRootConverter(), keyOnly, metadata.getCreatedBy())
                            .getColumnReader(keyColumn);
                    PrimitiveIterator.OfLong indexes = pages.getRowIndexes().orElse(null);
                    for (long row = 0; row < pages.getRowCount(); row++) {
                        long index = indexes == null ? row : indexes.nextLong();
                        if (keys.getBinary().equals(wanted)) {
                            matching.addSelectedRow(index);
                        }
                        keys.consume();
                    }
                }
                rows.add(matching.build());
            }
        }
        return rows;
    }

    /** {@code stream} for a reader that closes what it reads; seeks and reads go through, closing does not. */
    private static SeekableInputStream unclosed(SeekableInputStream stream) {
        return new DelegatingSeekableInputStream(stream) {
            @Override
            public long getPos() throws IOException {
                return stream.getPos();
            }

            @Override
            public void seek(long position) throws IOException {
                stream.seek(position);
            }

            @Override
            public void close() {
            }
        };
    }

    /** How many bytes the kept entries are estimated at. */
    public synchronized long weight() {
        return weight;
    }

    private FileEntry entryOf(StorageInputFile file, SeekableInputStream stream) throws IOException {
        String id = file + "#" + file.getLength();
        synchronized (this) {
            FileEntry known = byPath.get(id);
            if (known != null) {
                return known;
            }
        }
        ParquetMetadata footer = ParquetFileReader.readFooter(file, ParquetFiles.readOptions(null, FilterCompat.NOOP),
                stream);
        FileEntry entry = new FileEntry(id, footer);
        synchronized (this) {
            FileEntry raced = byPath.putIfAbsent(id, entry);
            if (raced != null) {
                return raced;
            }
            grow(entry, entry.footerBytes());
        }
        return entry;
    }

    private synchronized void grow(FileEntry entry, long bytes) {
        if (byPath.get(entry.id) != entry) {
            return;
        }
        entry.bytes += bytes;
        weight += bytes;
        var eldest = byPath.entrySet().iterator();
        while (weight > budgetBytes && eldest.hasNext()) {
            FileEntry dropped = eldest.next().getValue();
            if (dropped == entry) {
                break;
            }
            eldest.remove();
            weight -= dropped.bytes;
        }
    }

    /** One file's footer and the page indexes read so far, keyed by the footer's own column chunk objects. */
    final class FileEntry {

        private final String id;
        private final ParquetMetadata footer;
        private final Map<ColumnChunkMetaData, OffsetIndex> offsets = new ConcurrentHashMap<>();
        private final Map<ColumnChunkMetaData, ColumnIndex> bounds = new ConcurrentHashMap<>();
        private long bytes;

        private FileEntry(String id, ParquetMetadata footer) {
            this.id = id;
            this.footer = footer;
        }

        ParquetMetadata footer() {
            return footer;
        }

        OffsetIndex offsetIndex(ColumnChunkMetaData column, IndexRead<OffsetIndex> read) throws IOException {
            return kept(offsets, column, read, index -> (long) BYTES_PER_PAGE * index.getPageCount());
        }

        ColumnIndex columnIndex(ColumnChunkMetaData column, IndexRead<ColumnIndex> read) throws IOException {
            return kept(bounds, column, read, index -> (long) BYTES_PER_PAGE * index.getNullPages().size()
                    + index.getMinValues().stream().mapToLong(ByteBuffer::remaining).sum()
                    + index.getMaxValues().stream().mapToLong(ByteBuffer::remaining).sum());
        }

        private <T> T kept(Map<ColumnChunkMetaData, T> indexes, ColumnChunkMetaData column, IndexRead<T> read,
                           ToLongFunction<T> bytes) throws IOException {
            T known = indexes.get(column);
            if (known == null) {
                known = read.read();
                if (known != null && indexes.putIfAbsent(column, known) == null) {
                    grow(this, ENTRY_OVERHEAD + bytes.applyAsLong(known));
                }
            }
            return known;
        }

        private long footerBytes() {
            long columns = footer.getBlocks().stream().map(BlockMetaData::getColumns).mapToLong(List::size).sum();
            // A column chunk's metadata with its statistics (key bounds included) is a few hundred bytes.
            return ENTRY_OVERHEAD + 400 * columns;
        }
    }

    interface IndexRead<T> {
        T read() throws IOException;
    }
}
