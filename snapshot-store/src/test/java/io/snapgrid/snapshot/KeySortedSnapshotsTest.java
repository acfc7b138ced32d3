package io.snapgrid.snapshot;

import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.history.AsOfPage;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.history.SnapshotHistory;
import io.snapgrid.snapshot.impl.FileIndexes;
import io.snapgrid.snapshot.impl.ParquetCodecs;
import io.snapgrid.snapshot.impl.ParquetFiles;
import io.snapgrid.snapshot.impl.RowSchema;
import io.snapgrid.snapshot.impl.StorageInputFile;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.BoundaryOrder;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot files are written sorted by key with a page index, so that one key's history
 * reads a page per file; and key lookups and as-of pages, which filter by key, find exactly what was written,
 * in old files written unsorted too, whether the files' footers and page indexes are read anew or kept from an
 * earlier lookup.
 */
class KeySortedSnapshotsTest {

    private static final String MAP = "inventory.nodes";
    private static final int KEYS = 300;

    @TempDir
    Path dir;

    private final NodeRows nodes = new NodeRows(KEYS);
    private final Random random = new Random(7);

    @Test
    void rowsAreWrittenInKeyOrderWithAPageIndex() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        List<SnapshotRow> added = new ArrayList<>();
        for (long revision = 1; revision <= 3; revision++) {
            List<SnapshotRow> round = nodes.upserts(0, KEYS, revision, revision == 2 ? "On" : "Off");
            Collections.shuffle(round, random);
            added.addAll(round);
        }
        SnapshotFile file = write(storage, SnapshotFormat.defaults().withRowGroupBytes(10_000), added)
                .files().get(0);

        List<String> expected = added.stream().sorted(Comparator.comparing(SnapshotRow::key))
                .map(row -> row.key() + "@" + row.revision()).toList();
        List<String> read = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = ParquetFiles.projectedReader(input(storage, file),
                RowSchema.META)) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                read.add(RowSchema.key(row) + "@" + RowSchema.revision(row));
            }
        }
        assertEquals(expected, read, "sorted by key, a key's rows in the order they were added");

        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE).build();
        try (ParquetFileReader reader = ParquetFileReader.open(input(storage, file), options)) {
            List<BlockMetaData> groups = reader.getFooter().getBlocks();
            assertTrue(groups.size() > 3, "several row groups, got " + groups.size());
            String previousMax = "";
            for (BlockMetaData group : groups) {
                ColumnChunkMetaData key = group.getColumns().stream()
                        .filter(column -> column.getPath().toDotString().equals(RowSchema.KEY)).findFirst()
                        .orElseThrow();
                String min = ((Binary) key.getStatistics().genericGetMin()).toStringUsingUTF8();
                String max = ((Binary) key.getStatistics().genericGetMax()).toStringUsingUTF8();
                assertTrue(previousMax.compareTo(min) <= 0, "row group keys " + min + ".." + max
                        + " start before the previous group's end " + previousMax);
                previousMax = max;
                ColumnIndex index = reader.readColumnIndex(key);
                assertNotNull(index, "column index of " + RowSchema.KEY);
                assertEquals(BoundaryOrder.ASCENDING, index.getBoundaryOrder());
                assertNotNull(reader.readOffsetIndex(key), "offset index of " + RowSchema.KEY);
            }
        }
    }

    /**
     * An old delta written unsorted (a sorted run per row is the writer as it was), a delta written in several
     * sorted runs, a full snapshot folded from them, and later changes and deletes: every key's history and every
     * as-of page equal the versions written.
     */
    @Test
    void keyLookupsFindExactlyWhatWasWrittenInSortedAndUnsortedFiles() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        Map<String, TreeMap<Long, String>> written = new TreeMap<>();
        List<SnapshotRow> unsorted = nodes.upserts(0, KEYS, 1, "Off");
        Collections.shuffle(unsorted, random);
        write(storage, SnapshotFormat.defaults().withSortRunBytes(1).withRowGroupBytes(10_000), unsorted);
        record(written, unsorted);
        SnapshotFormat manyRuns = SnapshotFormat.defaults().withSortRunBytes(20_000).withRowGroupBytes(10_000);
        List<SnapshotRow> on = nodes.upserts(0, KEYS / 2, 2, "On");
        Collections.shuffle(on, random);
        write(storage, manyRuns, on);
        record(written, on);
        new SnapshotCompaction(storage, manyRuns, CompactionEvents.NONE).compact(MAP).orElseThrow();
        List<SnapshotRow> later = new ArrayList<>(nodes.deletes(0, KEYS / 3, 3));
        later.addAll(nodes.upserts(KEYS / 3, KEYS, 4, "Ready"));
        Collections.shuffle(later, random);
        write(storage, manyRuns, later);
        record(written, later);

        FileIndexes kept = new FileIndexes(Long.MAX_VALUE);
        SnapshotHistory history = new SnapshotHistory(storage, kept);
        // Twice over: the second round reads with every file's footer and page indexes kept from the first. Then
        // with a budget too small to keep any, so that each lookup evicts what the one before kept.
        FileIndexes starved = new FileIndexes(1);
        for (SnapshotHistory reader : List.of(history, history, new SnapshotHistory(storage, starved))) {
            for (Map.Entry<String, TreeMap<Long, String>> key : written.entrySet()) {
                List<HistoryVersion> versions = reader.versions(MAP, key.getKey(), null, null);
                assertEquals(List.copyOf(key.getValue().keySet()), versions.stream().map(HistoryVersion::revision)
                        .toList(), "history of " + key.getKey());
            }
        }
        assertTrue(starved.weight() < kept.weight() / 2, "the starved cache kept " + starved.weight()
                + " bytes of indexes, against " + kept.weight() + " for every file");
        for (long at = 1; at <= 4; at++) {
            assertEquals(liveAt(written, at), pagedAsOf(history, Instant.EPOCH.plusSeconds(at), 7), "as of " + at);
        }
    }

    /**
     * A key's rows are found wherever they lie: in a file of several row groups of several pages, written in several
     * sorted runs (so a key's two rows often lie pages apart), each key's lookup, asked twice (the second time with
     * the footer and page indexes kept), finds exactly its own rows.
     */
    @Test
    void keptPageIndexesFindEachKeysOwnPages() throws IOException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(dir);
        int keys = 20_000;
        NodeRows many = new NodeRows(keys);
        List<SnapshotRow> rows = new ArrayList<>(many.upserts(0, keys, 1, "On"));
        rows.addAll(many.upserts(0, keys, 2, "Off"));
        Collections.shuffle(rows, random);
        SnapshotFile file = write(storage, SnapshotFormat.defaults().withRowGroupBytes(1_500_000)
                .withSortRunBytes(4_000_000), rows).files().get(0);
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE).build();
        try (ParquetFileReader reader = ParquetFileReader.open(input(storage, file), options)) {
            List<BlockMetaData> groups = reader.getFooter().getBlocks();
            assertTrue(groups.size() > 1, "several row groups, got " + groups.size());
            for (BlockMetaData group : groups.subList(0, groups.size() - 1)) {
                int pages = reader.readOffsetIndex(group.getColumns().get(0)).getPageCount();
                assertTrue(pages > 1, "several pages per row group, got " + pages);
            }
        }
        FileIndexes kept = new FileIndexes(Long.MAX_VALUE);
        for (int round = 0; round < 2; round++) {
            for (int node = 0; node < keys; node += 331) {
                String key = many.key(node);
                List<String> found = new ArrayList<>();
                for (GenericRecord row : kept.keyRows(input(storage, file), RowSchema.of(NodeRows.NODE).schema(),
                        key)) {
                    found.add(RowSchema.key(row) + "@" + RowSchema.revision(row));
                }
                Collections.sort(found);
                assertEquals(List.of(key + "@1", key + "@2"), found, "round " + round);
            }
        }
    }

    private static SnapshotManifest write(SnapshotStorage storage, SnapshotFormat format, List<SnapshotRow> rows)
            throws IOException {
        try (PendingSnapshot delta = new SnapshotWriter(storage, format).beginDelta(MAP, NodeRows.NODE)) {
            for (SnapshotRow row : rows) {
                delta.add(row);
            }
            return delta.commit();
        }
    }

    private static void record(Map<String, TreeMap<Long, String>> written, List<SnapshotRow> rows) {
        for (SnapshotRow row : rows) {
            written.computeIfAbsent(row.key(), key -> new TreeMap<>()).put(row.revision(),
                    row.value() == null ? null : row.value().get("state").toString());
        }
    }

    /** Each key's state as of revision {@code at} (rows commit at their revision's second), deleted keys left out. */
    private static Map<String, String> liveAt(Map<String, TreeMap<Long, String>> written, long at) {
        Map<String, String> live = new TreeMap<>();
        written.forEach((key, versions) -> Optional.ofNullable(versions.floorEntry(at))
                .map(Map.Entry::getValue).ifPresent(state -> live.put(key, state)));
        return live;
    }

    private static Map<String, String> pagedAsOf(SnapshotHistory history, Instant at, int limit) throws IOException {
        Map<String, String> live = new TreeMap<>();
        String after = null;
        do {
            AsOfPage page = history.asOf(MAP, at, value -> true, limit, after);
            assertTrue(page.entries().size() <= limit);
            page.entries().forEach(row -> live.put(row.key(), row.value().get("state").toString()));
            after = page.nextAfter().orElse(null);
        } while (after != null);
        return live;
    }

    private static StorageInputFile input(SnapshotStorage storage, SnapshotFile file) {
        return new StorageInputFile(storage, file.path(), file.byteSize());
    }
}
