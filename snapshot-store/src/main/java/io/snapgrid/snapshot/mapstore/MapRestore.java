package io.snapgrid.snapshot.mapstore;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.CommitLog;
import io.snapgrid.snapshot.PendingSnapshot;
import io.snapgrid.snapshot.RestorePlan;
import io.snapgrid.snapshot.RestoreRefusedException;
import io.snapgrid.snapshot.RestoreWarning;
import io.snapgrid.snapshot.RestoredMap;
import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotReader;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.VanishingFiles;
import io.snapgrid.snapshot.VerifiedChain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Brings one durable map back on one member, the way Hazelcast's initial load asks for it: the member that owns
 * the map's name lists the live keys (meta columns only), then each partition owner loads the values of its keys.
 * Each member reads the verified chain once into an image of the live rows of the partitions it owns, as Avro binary
 * (a few hundred bytes a record), and hands values out of it until the node says the map is loaded. The node restores
 * once partitions have stopped migrating, but ownership can still move: a key asked for outside the partitions the
 * image was built for makes one more pass that keeps every row, rather than a pass per such key. The commit log tail
 * needs no reading here: every log left by a stopped process was rolled into a delta before this member joined
 * ({@link LogDirectories}).
 *
 * <p>The leader's retention may remove the files of the chain a read planned, once a newer full snapshot holds their
 * rows; it does not wait for members that restore. A read that finds files of its chain gone plans again and reads
 * the newer chain, a few times over; a chain that is really damaged fails the same way each time.
 */
final class MapRestore {

    private final SnapshotMapStores stores;
    private final DurableMap map;
    /** The live rows of {@link #imageOf}'s partitions, encoded; null before the first load and once it is over. */
    private Map<String, byte[]> image;
    /** The partitions the image holds the rows of; null when it holds every row. */
    private OwnedPartitions imageOf;
    private boolean imageUsed;
    /** Whether this member's snapshots of the map passed verification (or fell back, if allowed) in this process. */
    private volatile boolean verified;
    /** Why the initial load failed on this member: Hazelcast logs it per partition and goes on with an empty map. */
    private RuntimeException failure;
    private final RecordBytes bytes;

    MapRestore(SnapshotMapStores stores, DurableMap map) {
        this.stores = stores;
        this.map = map;
        this.bytes = new RecordBytes(map.type().avroSchema());
    }

    synchronized Iterable<Object> keys() {
        try {
            return replanning(() -> {
                RestorePlan plan = plan();
                Optional<VerifiedChain> chain = chainOf(plan);
                if (chain.isEmpty()) {
                    return List.of();
                }
                if (!plan.warnings().isEmpty()) {
                    continueFrom(chain.get(), plan.warnings().get(0));
                }
                SnapshotReader.LiveKeys live = stores.reader().liveKeys(chain.get());
                stores.clock().observe(live.maxRevision());
                return new ArrayList<>(live.keys());
            });
        } catch (IOException e) {
            throw failed(new UncheckedIOException("restoring map " + map.name() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * The keys whose latest row in the map's verified chain is not a tombstone: what a restore would load now. Meta
     * columns only, but a pass over the chain (and its verification), so for the rare take-over, not per write.
     */
    Set<String> storedKeys() {
        try {
            return replanning(() -> {
                Optional<VerifiedChain> chain = chainOf(plan());
                return chain.isEmpty() ? Set.<String>of() : stores.reader().liveKeys(chain.get()).keys();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading the stored keys of map " + map.name() + ": " + e.getMessage(), e);
        }
    }

    synchronized Map<Object, Object> values(Collection<Object> keys) {
        try {
            if (image == null && !imageUsed) {
                imageOf = stores.ownedPartitions().orElse(null);
                image = buildImage(imageOf);
                imageUsed = true;
            }
            Map<Object, Object> values = new HashMap<>();
            for (Object key : keys) {
                String storedKey = String.valueOf(key);
                if (image != null && imageOf != null && !image.containsKey(storedKey) && !imageOf.owns(storedKey)) {
                    // Ownership moved since the image was built: one pass for every row beats a pass per key.
                    imageOf = null;
                    image = buildImage(null);
                }
                byte[] encoded = image == null ? null : image.get(storedKey);
                GenericRecord value = encoded == null ? lookup(key) : map.type().toCompact(bytes.decode(encoded));
                if (value != null) {
                    values.put(key, value);
                }
            }
            return values;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * Ends the initial load of the map on this member: frees the image (later misses look in the files) and fails
     * if the load failed here or the map's snapshots do not restore. Hazelcast only logs a failed initial load and
     * then serves the map empty, so the node must hear it from here. Only one member lists the keys, and a member
     * that was given none never read the snapshots, so such a member verifies them now: no member may serve an
     * empty map over snapshots that were refused.
     *
     * @throws RuntimeException the load's failure, or an {@link UncheckedIOException} naming the damaged files
     */
    synchronized void loaded() {
        image = null;
        imageUsed = true;
        if (failure != null) {
            throw failure;
        }
        if (!verified) {
            try {
                plan();
            } catch (IOException first) {
                // A member joining a running cluster gets here too, and the leader's retention may have removed an
                // older chain between listing it and reading it: a fresh listing finds the full that replaced it.
                try {
                    plan();
                } catch (IOException e) {
                    throw failed(new UncheckedIOException("restoring map " + map.name() + ": " + e.getMessage(), e));
                }
            }
        }
    }

    private RuntimeException failed(RuntimeException cause) {
        if (failure == null) {
            failure = cause;
        }
        return cause;
    }

    /**
     * The stored value of one key: the latest row in the chain or in any member's commit log, whichever is newer.
     * A pass over the map's files, so only reads of evicted entries (and keys a restore did not expect) come here.
     */
    GenericRecord lookup(Object key) {
        String storedKey = String.valueOf(key);
        try {
            List<SnapshotRow> candidates = new ArrayList<>(replanning(() -> {
                Optional<VerifiedChain> chain = chainOf(plan());
                return chain.isPresent() ? stores.reader().find(chain.get(), storedKey).stream().toList()
                        : List.<SnapshotRow>of();
            }));
            for (Path log : logDirectories()) {
                CommitLog.read(log, Map.of(map.name(), map.type().avroSchema()), logged -> {
                    if (logged.map().equals(map.name()) && logged.row().key().equals(storedKey)) {
                        candidates.add(logged.row());
                    }
                });
            }
            return candidates.stream().max(Comparator.comparingLong(SnapshotRow::revision))
                    .filter(row -> row.op() == SnapshotOp.UPSERT)
                    .map(row -> map.type().toCompact(row.value()))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("loading key " + storedKey + " of map " + map.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** @param owned the partitions whose rows to keep; null for every row */
    private Map<String, byte[]> buildImage(OwnedPartitions owned) {
        try {
            return replanning(() -> {
                RestorePlan plan = plan();
                long allRows = plan.total().rows();
                long expected = owned == null ? allRows : owned.expectedRows(allRows);
                Map<String, byte[]> rows = new HashMap<>((int) Math.min(1 << 30, expected * 4 / 3 + 16));
                List<RestoredMap> restored = stores.restore().restore(plan, (name, batch) -> {
                    for (SnapshotRow row : batch) {
                        if (owned == null || owned.owns(row.key())) {
                            rows.put(row.key(), bytes.encode(row.value()));
                        }
                    }
                }, stores.events()::restoreProgress);
                restored.forEach(done -> done.maxRevision().ifPresent(stores.clock()::observe));
                return rows;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("restoring map " + map.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A fallback restore skips the damaged snapshot and every one after it, but they stay the map's latest: a
     * change made after this restore would land in a delta after them, to be skipped again by the next restore, or
     * refused with them. So the state the fallback restores is written as a full snapshot whose base is the latest
     * snapshot, and later deltas build on it. Written by the one member that lists the keys, before any key loads.
     */
    private void continueFrom(VerifiedChain chain, RestoreWarning warning) throws IOException {
        try (PendingSnapshot full = stores.writer().beginFull(map.name(), chain.head().schema(), warning.latestId())) {
            try {
                stores.reader().read(chain, row -> {
                    try {
                        full.add(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            stores.events().continuedFrom(warning, full.commit());
        }
    }

    /**
     * Runs a plan and read again while files of the planned chain vanish under it (see the class comment); a chain
     * that lost a file can also fail verification, which refuses the restore.
     */
    private static <T> T replanning(VanishingFiles.Read<T> read) throws IOException {
        return VanishingFiles.readAgain(read, e -> e instanceof RestoreRefusedException || VanishingFiles.fileGone(e));
    }

    private static Optional<VerifiedChain> chainOf(RestorePlan plan) {
        return plan.maps().isEmpty() ? Optional.empty() : plan.maps().get(0).chain();
    }

    private RestorePlan plan() throws IOException {
        RestorePlan plan = stores.restore().plan(List.of(map.name()));
        plan.warnings().forEach(stores.events()::fellBack);
        verified = true;
        return plan;
    }

    private List<Path> logDirectories() throws IOException {
        if (!Files.isDirectory(stores.logRoot())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(stores.logRoot())) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }
}
