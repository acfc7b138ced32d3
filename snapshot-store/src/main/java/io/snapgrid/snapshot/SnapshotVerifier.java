package io.snapgrid.snapshot;

import io.snapgrid.snapshot.VerificationProblem.Kind;
import io.snapgrid.snapshot.impl.DigestingOutputFile;
import io.snapgrid.snapshot.impl.ParquetFiles;
import io.snapgrid.snapshot.impl.SnapshotLayout;
import io.snapgrid.snapshot.impl.StorageInputFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks snapshots before anything trusts them: that a map's manifests form an unbroken chain from its newest full
 * snapshot, and that every data file they name is there with the size, SHA-256 and row count recorded. Problems are
 * collected rather than thrown one at a time, so an operator learns everything that is wrong at once. Thread-safe.
 */
public final class SnapshotVerifier {

    private static final int READ_BUFFER_BYTES = 1024 * 1024;

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;

    public SnapshotVerifier(SnapshotStorage storage) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
    }

    /**
     * Verifies the chain that restoring the map would read: its newest full snapshot and the deltas after that
     * full's base. Only the manifests the chain needs are read. A map that has only deltas so far reports
     * {@link Kind#NO_FULL_SNAPSHOT}; {@link #verifyRestoreChain} is the check that accepts those.
     *
     * @return empty if the map has no snapshots
     * @throws SnapshotVerificationException naming every file at fault
     */
    public Optional<VerifiedChain> verifyLatest(String map) throws IOException {
        List<Long> ids = catalog.ids(map);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Listed listed = readToNewestFull(map, ids);
        return Optional.of(verify(map, listed.manifests().values(), listed.problems(), listed.unreadable()));
    }

    /**
     * Verifies what a restore or a compaction reads: the latest chain, or, for a map that has only deltas so far
     * (never compacted), every delta from its first snapshot on, which together hold every change ever made to it.
     * One listing decides which of the two it is, so a full snapshot published meanwhile by another member is
     * simply not seen, never half seen.
     *
     * @return empty if the map has no snapshots
     * @throws SnapshotVerificationException naming every file at fault
     */
    public Optional<VerifiedChain> verifyRestoreChain(String map) throws IOException {
        List<Long> ids = catalog.ids(map);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Listed listed = readToNewestFull(map, ids);
        if (listed.full() == null && listed.unreadable().isEmpty()) {
            // The walk found no full, so it read every listed manifest, and all of them are deltas.
            List<SnapshotManifest> deltas = deltas(map, listed.manifests(), 1,
                    "to restore every change since the first snapshot", listed.problems(), listed.unreadable());
            return Optional.of(withVerifiedFiles(map, deltas, listed.problems()));
        }
        return Optional.of(verify(map, listed.manifests().values(), listed.problems(), listed.unreadable()));
    }

    /** The manifests of one listing from the newest down to the newest full, and the deltas that full may lack. */
    private Listed readToNewestFull(String map, List<Long> ids) throws IOException {
        TreeMap<Long, SnapshotManifest> manifests = new TreeMap<>();
        Set<Long> unreadable = new TreeSet<>();
        List<VerificationProblem> problems = new ArrayList<>();
        SnapshotManifest full = null;
        for (int index = ids.size() - 1; index >= 0 && full == null; index--) {
            SnapshotManifest manifest = read(map, ids.get(index), problems, unreadable);
            if (manifest != null) {
                manifests.put(manifest.id(), manifest);
                if (manifest.kind() == SnapshotKind.FULL) {
                    full = manifest;
                }
            }
        }
        if (full != null) {
            // Deltas committed while the full was written, which it may not contain.
            for (long id : ids) {
                if (id >= full.firstReplayedId() && id < full.id()) {
                    SnapshotManifest manifest = read(map, id, problems, unreadable);
                    if (manifest != null) {
                        manifests.put(id, manifest);
                    }
                }
            }
        }
        return new Listed(manifests, full, problems, unreadable);
    }

    private record Listed(TreeMap<Long, SnapshotManifest> manifests, SnapshotManifest full,
                          List<VerificationProblem> problems, Set<Long> unreadable) {
    }

    /**
     * Verifies the chain that the given manifests of a map form (see {@link #checkChain}) and every file of it. To
     * read the map as of an older snapshot, pass the manifests up to that one.
     *
     * @throws SnapshotVerificationException naming every file at fault
     */
    public VerifiedChain verify(String map, Collection<SnapshotManifest> manifests) throws IOException {
        return verify(map, manifests, new ArrayList<>(), Set.of());
    }

    /**
     * Checks, without reading any data file, that the manifests hold a full snapshot and that every snapshot from
     * that full's base to the newest one is present and names its predecessor as parent.
     */
    public static VerificationReport checkChain(String map, Collection<SnapshotManifest> manifests) {
        List<VerificationProblem> problems = new ArrayList<>();
        chain(map, manifests, problems, Set.of());
        return new VerificationReport(problems);
    }

    /**
     * The chain check a restore applies, reading no data file: {@link #checkChain} for a map with a full snapshot;
     * for a map of only deltas, never compacted, that they run unbroken from snapshot 1 (each present and naming its
     * predecessor), since restore then reads all of them ({@link #verifyRestoreChain}).
     */
    public static VerificationReport checkRestoreChain(String map, Collection<SnapshotManifest> manifests) {
        if (manifests.isEmpty() || manifests.stream().anyMatch(manifest -> manifest.kind() == SnapshotKind.FULL)) {
            return checkChain(map, manifests);
        }
        TreeMap<Long, SnapshotManifest> byId = new TreeMap<>();
        for (SnapshotManifest manifest : manifests) {
            if (!manifest.map().equals(map)) {
                throw new IllegalArgumentException("snapshot " + manifest.id() + " is of map " + manifest.map()
                        + ", not " + map);
            }
            byId.put(manifest.id(), manifest);
        }
        List<VerificationProblem> problems = new ArrayList<>();
        deltas(map, byId, 1, "to restore every change since the first snapshot", problems, Set.of());
        return new VerificationReport(problems);
    }

    /** Checks that every data file of the snapshot is in storage with the recorded size, SHA-256 and row count. */
    public VerificationReport verifyFiles(SnapshotManifest manifest) throws IOException {
        List<VerificationProblem> problems = new ArrayList<>();
        for (SnapshotFile file : manifest.files()) {
            checkFile(manifest, file, problems);
        }
        return new VerificationReport(problems);
    }

    private VerifiedChain verify(String map, Collection<SnapshotManifest> manifests,
                                 List<VerificationProblem> problems, Set<Long> reported) throws IOException {
        return withVerifiedFiles(map, chain(map, manifests, problems, reported), problems);
    }

    /** Adds the problems of the chain's files to those of its manifests, and throws if there are any. */
    private VerifiedChain withVerifiedFiles(String map, List<SnapshotManifest> chain,
                                            List<VerificationProblem> problems) throws IOException {
        for (SnapshotManifest manifest : chain) {
            problems.addAll(verifyFiles(manifest).problems());
        }
        if (!problems.isEmpty()) {
            throw new SnapshotVerificationException(map, new VerificationReport(problems));
        }
        return new VerifiedChain(map, chain);
    }

    /**
     * The newest full snapshot, then the deltas from its base on, in id order; full snapshots older than the newest
     * are left out, since every change they hold is also in a delta or the newest full.
     *
     * @param reported ids whose manifests were already reported unreadable, not to be reported missing too
     */
    private static List<SnapshotManifest> chain(String map, Collection<SnapshotManifest> manifests,
                                                List<VerificationProblem> problems, Set<Long> reported) {
        TreeMap<Long, SnapshotManifest> byId = new TreeMap<>();
        for (SnapshotManifest manifest : manifests) {
            if (!manifest.map().equals(map)) {
                throw new IllegalArgumentException("snapshot " + manifest.id() + " is of map " + manifest.map()
                        + ", not " + map);
            }
            byId.put(manifest.id(), manifest);
        }
        Optional<SnapshotManifest> newestFull = byId.descendingMap().values().stream()
                .filter(manifest -> manifest.kind() == SnapshotKind.FULL).findFirst();
        if (newestFull.isEmpty()) {
            if (reported.isEmpty()) {
                problems.add(new VerificationProblem(SnapshotLayout.manifestsPrefix(map), Kind.NO_FULL_SNAPSHOT,
                        noFull(map, byId)));
            }
            return List.of();
        }
        SnapshotManifest full = newestFull.get();
        List<SnapshotManifest> chain = new ArrayList<>(List.of(full));
        chain.addAll(deltas(map, byId, full.firstReplayedId(), "to restore from full snapshot " + full.id(), problems,
                reported));
        return chain;
    }

    /**
     * The deltas from snapshot {@code from} to the newest, checking that each is present and names its predecessor
     * as parent.
     */
    private static List<SnapshotManifest> deltas(String map, TreeMap<Long, SnapshotManifest> byId, long from,
                                                 String purpose, List<VerificationProblem> problems,
                                                 Set<Long> reported) {
        long head = byId.lastKey();
        List<SnapshotManifest> deltas = new ArrayList<>();
        for (long id = from; id <= head; id++) {
            SnapshotManifest manifest = byId.get(id);
            String path = SnapshotLayout.manifestPath(map, id);
            if (manifest == null) {
                if (!reported.contains(id)) {
                    problems.add(new VerificationProblem(path, Kind.MISSING_MANIFEST, "snapshot " + id
                            + " is needed " + purpose + " up to snapshot " + head));
                }
                continue;
            }
            Long expectedParent = id == 1 ? null : id - 1;
            if (!Objects.equals(manifest.parentId(), expectedParent)) {
                problems.add(new VerificationProblem(path, Kind.BROKEN_PARENT, "snapshot " + id + " names parent "
                        + manifest.parentId() + ", expected " + expectedParent));
            }
            if (manifest.kind() == SnapshotKind.DELTA) {
                deltas.add(manifest);
            }
        }
        return deltas;
    }

    private static String noFull(String map, TreeMap<Long, SnapshotManifest> byId) {
        if (byId.isEmpty()) {
            return "no snapshots";
        }
        String deltas = "snapshots " + byId.keySet() + " are all deltas";
        long first = byId.firstKey();
        return first == 1 ? deltas : deltas + ", and the snapshots before them, from "
                + SnapshotLayout.manifestPath(map, 1) + " to " + SnapshotLayout.manifestPath(map, first - 1)
                + ", have no manifest";
    }

    private SnapshotManifest read(String map, long id, List<VerificationProblem> problems, Set<Long> unreadable)
            throws IOException {
        try {
            return catalog.manifest(map, id);
        } catch (SnapshotFormatException | SnapshotFileNotFoundException e) {
            // Listed but gone or damaged: either way this snapshot cannot be trusted.
            problems.add(new VerificationProblem(SnapshotLayout.manifestPath(map, id),
                    e instanceof SnapshotFileNotFoundException ? Kind.MISSING_MANIFEST : Kind.UNREADABLE_MANIFEST,
                    e.getMessage()));
            unreadable.add(id);
            return null;
        }
    }

    private void checkFile(SnapshotManifest manifest, SnapshotFile file, List<VerificationProblem> problems)
            throws IOException {
        String owner = "data file of snapshot " + manifest.id() + " of map " + manifest.map();
        long size;
        try {
            size = storage.size(file.path());
        } catch (SnapshotFileNotFoundException e) {
            problems.add(new VerificationProblem(file.path(), Kind.MISSING_FILE, owner + " is not in storage"));
            return;
        }
        if (size != file.byteSize()) {
            problems.add(new VerificationProblem(file.path(), Kind.SIZE_MISMATCH,
                    owner + " has " + size + " bytes, the manifest records " + file.byteSize()));
        }
        String sha256 = sha256(file.path());
        if (!sha256.equals(file.sha256())) {
            problems.add(new VerificationProblem(file.path(), Kind.CHECKSUM_MISMATCH,
                    owner + " has SHA-256 " + sha256 + ", the manifest records " + file.sha256()));
        }
        try {
            long rows = ParquetFiles.rowCount(new StorageInputFile(storage, file.path(), size));
            if (rows != file.rowCount()) {
                problems.add(new VerificationProblem(file.path(), Kind.ROW_COUNT_MISMATCH,
                        owner + " has " + rows + " rows in its footer, the manifest records " + file.rowCount()));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotStorageException storageFailure && !(e instanceof SnapshotFileNotFoundException)) {
                throw storageFailure;
            }
            problems.add(new VerificationProblem(file.path(), Kind.UNREADABLE_FILE,
                    owner + " has no readable Parquet footer: " + e.getMessage()));
        }
    }

    private String sha256(String path) throws IOException {
        MessageDigest digest = DigestingOutputFile.sha256Digest();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        try (SeekableByteChannel channel = storage.open(path)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
