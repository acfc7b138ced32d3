package io.snapgrid.snapshot.history;

import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.VanishingFiles;
import io.snapgrid.snapshot.impl.FileIndexes;
import io.snapgrid.snapshot.impl.KeyRange;
import io.snapgrid.snapshot.impl.LatestRows;
import io.snapgrid.snapshot.impl.ParquetFiles;
import io.snapgrid.snapshot.impl.RowSchema;
import io.snapgrid.snapshot.impl.StorageInputFile;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a map's keys were, and when, from the snapshot files alone: every published snapshot and every snapshot
 * retention keeps only for history ({@code SnapshotRetention}). A change lives in the delta that first wrote it and
 * again in every full snapshot folded from it, and a commit-log roll interrupted before it deleted its segment
 * writes its rows twice; versions are therefore told apart by revision, which grows with every change of a key, and
 * a row that repeats the previous version's op and value under a newer revision (a weak store redone) is no version.
 * Works over any {@link SnapshotStorage}. Thread-safe.
 *
 * <p>History reaches back to {@link #retainedFrom}: the beginning when the map's snapshots still run from id 1,
 * otherwise the oldest full snapshot kept, the state every later change applies to. A question about an earlier
 * time throws {@link HistoryNotRetainedException}.
 */
public final class SnapshotHistory {

    /**
     * Up to a sixteenth of the heap for the footers and page indexes of the files read: at the reference size
     * (250,000 nodes and their components, 90 days: 184 files) those of every file take about 54 MB, and keeping
     * them saves about a third of each key's lookup.
     */
    private static final long INDEX_BUDGET_FRACTION = 16;

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final FileIndexes indexes;

    public SnapshotHistory(SnapshotStorage storage) {
        this(storage, new FileIndexes(Runtime.getRuntime().maxMemory() / INDEX_BUDGET_FRACTION));
    }

    /** @param indexes where the files' footers and page indexes are kept between lookups */
    public SnapshotHistory(SnapshotStorage storage, FileIndexes indexes) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
        this.indexes = indexes;
    }

    /** The oldest time history answers for; empty if it reaches back to the map's first write (or it has none). */
    public Optional<Instant> retainedFrom(String map) throws IOException {
        return sources(map).retainedFrom();
    }

    /**
     * Every durable version of the key committed in {@code [from, to]}, oldest first, each revision once.
     *
     * @param from null: as far back as retained
     * @param to   null: up to the newest
     * @throws HistoryNotRetainedException if {@code from} lies before {@link #retainedFrom}
     */
    public List<HistoryVersion> versions(String map, String key, Instant from, Instant to) throws IOException {
        return versions(map, key, from, to, List.of());
    }

    /**
     * As {@link #versions(String, String, Instant, Instant)}, with the key's changes not yet in a snapshot file (a
     * strong map's commit-log rows before their roll) merged in. Read them before calling this: a row rolled
     * meanwhile is then in the files this reads, and a row in both counts once, by its revision.
     *
     * @param unrolled the key's rows from the members' commit logs, in any order
     */
    public List<HistoryVersion> versions(String map, String key, Instant from, Instant to, List<SnapshotRow> unrolled)
            throws IOException {
        return overCurrentSources(map, sources -> versions(sources, key, from, to, unrolled));
    }

    private List<HistoryVersion> versions(Sources sources, String key, Instant from, Instant to,
                                          List<SnapshotRow> unrolled) throws IOException {
        if (from != null) {
            sources.requireRetained(from);
        }
        TreeMap<Long, HistoryVersion> versions = new TreeMap<>();
        for (SnapshotRow row : unrolled) {
            HistoryVersion version = HistoryVersion.of(row);
            if (row.key().equals(key) && within(version, from, to)) {
                versions.putIfAbsent(version.revision(), version);
            }
        }
        for (List<GenericRecord> rows : keyRows(sources.files(), sources.rowSchema(), key)) {
            for (GenericRecord record : rows) {
                HistoryVersion version = HistoryVersion.of(RowSchema.toRow(record));
                if (within(version, from, to)) {
                    versions.putIfAbsent(version.revision(), version);
                }
            }
        }
        return withoutRepeats(versions.values());
    }

    /**
     * Each file's rows of the key, in the files' order, read side by side on the common pool: the files are
     * independent, and at the reference size a key's 90 days are about 95 of them.
     */
    private List<List<GenericRecord>> keyRows(List<SnapshotFile> files, Schema rowSchema, String key)
            throws IOException {
        try {
            return files.parallelStream().map(file -> {
                try {
                    return indexes.keyRows(input(file), rowSchema, key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean within(HistoryVersion version, Instant from, Instant to) {
        return (from == null || !version.committedAt().isBefore(from))
                && (to == null || !version.committedAt().isAfter(to));
    }

    /**
     * A weak map's write-behind may store an unchanged entry again (a flush retried, or redone by a backup after a
     * migration), under a new revision. The record did not change then, so such a repeat is not a version.
     */
    private static List<HistoryVersion> withoutRepeats(Iterable<HistoryVersion> byRevision) {
        List<HistoryVersion> versions = new ArrayList<>();
        for (HistoryVersion version : byRevision) {
            HistoryVersion previous = versions.isEmpty() ? null : versions.get(versions.size() - 1);
            if (previous == null || previous.op() != version.op()
                    || !Objects.equals(previous.value(), version.value())) {
                versions.add(version);
            }
        }
        return List.copyOf(versions);
    }

    /**
     * The key's record as it was at {@code at}: its newest version committed by then, unless that was a delete.
     *
     * @throws HistoryNotRetainedException if {@code at} lies before {@link #retainedFrom}
     */
    public Optional<HistoryVersion> asOf(String map, String key, Instant at) throws IOException {
        return asOf(map, key, at, List.of());
    }

    /** As {@link #asOf(String, String, Instant)}, with commit-log rows as {@link #versions} merges them. */
    public Optional<HistoryVersion> asOf(String map, String key, Instant at, List<SnapshotRow> unrolled)
            throws IOException {
        List<HistoryVersion> versions = overCurrentSources(map, sources -> {
            sources.requireRetained(at);
            return versions(sources, key, null, at, unrolled);
        });
        return versions.isEmpty() || versions.get(versions.size() - 1).isDelete() ? Optional.empty()
                : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * A page of the map as it was at {@code at}: the live entries whose value passes {@code filter}, in key order,
     * after {@code afterKey} (null: from the first). Works through the keys in ranges until the page is full: per
     * range, meta columns pick each key's version current then, then values are read for those alone. The first
     * range ends at about the page's width of keys (sampled from the largest file), each next one is twice as wide.
     * Files are sorted by key, so a range reads only the pages that hold it. Memory holds one small entry per key of
     * a range and the page.
     *
     * @throws HistoryNotRetainedException if {@code at} lies before {@link #retainedFrom}
     */
    public AsOfPage asOf(String map, Instant at, Predicate<GenericRecord> filter, int limit, String afterKey)
            throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one entry, got limit " + limit);
        }
        return overCurrentSources(map, sources -> asOf(sources, at, filter, limit, afterKey));
    }

    private AsOfPage asOf(Sources sources, Instant at, Predicate<GenericRecord> filter, int limit, String afterKey)
            throws IOException {
        sources.requireRetained(at);
        List<SnapshotFile> files = sources.files();
        TreeMap<String, SnapshotRow> page = new TreeMap<>();
        Schema rowSchema = sources.rowSchema();
        String after = afterKey;
        boolean keysLeft = true;
        for (int width = limit + 1; page.size() <= limit && keysLeft;
             width = (int) Math.min(Integer.MAX_VALUE, 2L * width)) {
            KeyRange range = new KeyRange(after, rangeEnd(files, after, width));
            after = range.upTo();
            keysLeft = after != null;
            LatestRows current = currentVersions(files, at, range);
            for (int index = 0; index < files.size() && current.size() > 0; index++) {
                SnapshotFile file = files.get(index);
                try (ParquetReader<GenericRecord> reader = ParquetFiles.reader(input(file), rowSchema, range)) {
                    for (GenericRecord record = ParquetFiles.next(reader, file.path()); record != null;
                         record = ParquetFiles.next(reader, file.path())) {
                        String key = RowSchema.key(record);
                        if (range.contains(key) && current.isLatest(key, index, reader.getCurrentRowIndex())) {
                            SnapshotRow entry = RowSchema.toRow(record);
                            if (filter.test(entry.value())) {
                                page.put(key, entry);
                            }
                        }
                    }
                }
            }
            while (page.size() > limit + 1) {
                page.pollLastEntry();
            }
        }
        boolean more = page.size() > limit;
        if (more) {
            page.pollLastEntry();
        }
        return new AsOfPage(List.copyOf(page.values()),
                more ? Optional.of(page.lastKey()) : Optional.empty());
    }

    /**
     * Where a range of about {@code width} keys after {@code after} ends: the greatest of the first {@code width}
     * keys after it in the file with most rows, or null (no end) if that file has no more. Any end is correct; this
     * one makes the range about as wide as asked when that file is sorted and holds most keys, as a full does.
     */
    private String rangeEnd(List<SnapshotFile> files, String after, int width) throws IOException {
        SnapshotFile largest = files.stream().max(Comparator.comparingLong(SnapshotFile::rowCount)).orElse(null);
        if (largest == null) {
            return null;
        }
        KeyRange rest = new KeyRange(after, null);
        String end = null;
        int seen = 0;
        try (ParquetReader<GenericRecord> reader = ParquetFiles.projectedReader(input(largest), RowSchema.META,
                rest)) {
            for (GenericRecord record = ParquetFiles.next(reader, largest.path()); record != null && seen < width;
                 record = ParquetFiles.next(reader, largest.path())) {
                String key = RowSchema.key(record);
                if (rest.contains(key)) {
                    seen++;
                    end = end == null || key.compareTo(end) > 0 ? key : end;
                }
            }
        }
        return seen < width ? null : end;
    }

    /**
     * The version current at {@code at} of each key in {@code keys} that was live then, by its place in the files
     * (the row's index in its file, which a key filter leaves unchanged).
     */
    private LatestRows currentVersions(List<SnapshotFile> files, Instant at, KeyRange keys) throws IOException {
        LatestRows current = new LatestRows();
        long atMillis = at.toEpochMilli();
        for (int index = 0; index < files.size(); index++) {
            SnapshotFile file = files.get(index);
            try (ParquetReader<GenericRecord> reader = ParquetFiles.projectedReader(input(file), RowSchema.META,
                    keys)) {
                for (GenericRecord record = ParquetFiles.next(reader, file.path()); record != null;
                     record = ParquetFiles.next(reader, file.path())) {
                    String key = RowSchema.key(record);
                    long committed = RowSchema.commitTime(record).toEpochMilli();
                    if (committed <= atMillis && keys.contains(key)) {
                        current.offer(key, RowSchema.revision(record), committed,
                                RowSchema.op(record) == SnapshotOp.DELETE, index, reader.getCurrentRowIndex());
                    }
                }
            }
        }
        current.dropDeleted();
        return current;
    }

    private StorageInputFile input(SnapshotFile file) {
        return new StorageInputFile(storage, file.path(), file.byteSize());
    }

    private interface SourcesRead<T> {
        T read(Sources sources) throws IOException;
    }

    /**
     * Runs a read over the map's manifests as listed now, and over a fresh listing if one of their files vanished
     * meanwhile ({@link VanishingFiles}). The fresh listing no longer names them; a time only they covered is then no
     * longer retained.
     */
    private <T> T overCurrentSources(String map, SourcesRead<T> read) throws IOException {
        return VanishingFiles.readAgain(() -> read.read(sources(map)), VanishingFiles::fileGone);
    }

    /** Every manifest history reads, by id: published snapshots over the copies retention kept for history. */
    private Sources sources(String map) throws IOException {
        TreeMap<Long, SnapshotManifest> manifests = new TreeMap<>();
        catalog.historyManifests(map).forEach(manifest -> manifests.put(manifest.id(), manifest));
        catalog.manifests(map).forEach(manifest -> manifests.put(manifest.id(), manifest));
        return new Sources(map, List.copyOf(manifests.values()));
    }

    private record Sources(String map, List<SnapshotManifest> manifests) {

        /**
         * Retention removes only a prefix of ids, and keeps for history either every delta from id 1 or a full
         * snapshot with every delta it replays. Without id 1, history starts at the oldest full snapshot: its rows
         * are each key's newest version as of then, so a key's earlier versions may be gone.
         */
        Optional<Instant> retainedFrom() {
            if (manifests.isEmpty() || manifests.get(0).id() == 1) {
                return Optional.empty();
            }
            return Optional.of(manifests.stream().filter(manifest -> manifest.kind() == SnapshotKind.FULL)
                    .findFirst().orElse(manifests.get(manifests.size() - 1)).createdAt());
        }

        void requireRetained(Instant at) {
            retainedFrom().filter(at::isBefore).ifPresent(oldest -> {
                throw new HistoryNotRetainedException(map, at, oldest);
            });
        }

        /** Values are read in the newest snapshot's schema, older files resolved to it by Avro's rules. */
        Schema rowSchema() {
            return manifests.isEmpty() ? RowSchema.META
                    : RowSchema.of(manifests.get(manifests.size() - 1).schema()).schema();
        }

        List<SnapshotFile> files() {
            List<SnapshotFile> files = new ArrayList<>();
            manifests.forEach(manifest -> files.addAll(manifest.files()));
            return files;
        }
    }
}
