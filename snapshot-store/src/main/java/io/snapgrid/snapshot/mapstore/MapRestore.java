package io.snapgrid.snapshot.mapstore;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.snapshot.CommitLog;
import io.snapgrid.snapshot.RestorePlan;
import io.snapgrid.snapshot.RestoreRefusedException;
import io.snapgrid.snapshot.RestoredMap;
import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotFileNotFoundException;
import io.snapgrid.snapshot.SnapshotReader;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotRow;
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
import java.util.stream.Stream;

/**
 * Brings one durable map back on one member, the way Hazelcast's initial load asks for it: the member that owns
 * the map's name lists the live keys (meta columns only), then each partition owner loads the values of its keys.
 * Each member reads the verified chain once into an image of every live row, as Avro binary (a few hundred bytes a
 * record), and hands values out of it until the node says the map is loaded. Every row, not only those of the
 * partitions this member owns now: ownership moves while a cluster forms, and a key missed here would cost a pass
 * over the files. The commit log tail needs no reading here: every log left by a stopped process was rolled into a
 * delta before this member joined ({@link LogDirectories}).
 *
 * <p>The leader's retention may remove the files of the chain a read planned, once a newer full snapshot holds their
 * rows; it does not wait for members that restore. A read that finds files of its chain gone plans again and reads
 * the newer chain, a few times over; a chain that is really damaged fails the same way each time.
 */
final class MapRestore {

    /** Plans and reads of one request before a chain whose files keep vanishing is reported. */
    private static final int ATTEMPTS = 3;

    private final SnapshotMapStores stores;
    private final DurableMap map;
    /** Every live row, encoded; null before the first load and once the map is loaded. */
    private Map<String, byte[]> image;
    private boolean imageUsed;
    private final RecordBytes bytes;

    MapRestore(SnapshotMapStores stores, DurableMap map) {
        this.stores = stores;
        this.map = map;
        this.bytes = new RecordBytes(map.type().avroSchema());
    }

    synchronized Iterable<Object> keys() {
        try {
            return replanning(() -> {
                Optional<VerifiedChain> chain = plan();
                if (chain.isEmpty()) {
                    return List.of();
                }
                SnapshotReader.LiveKeys live = stores.reader().liveKeys(chain.get());
                stores.clock().observe(live.maxRevision());
                return new ArrayList<>(live.keys());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("restoring map " + map.name() + ": " + e.getMessage(), e);
        }
    }

    synchronized Map<Object, Object> values(Collection<Object> keys) {
        if (image == null && !imageUsed) {
            image = buildImage();
            imageUsed = true;
        }
        Map<Object, Object> values = new HashMap<>();
        for (Object key : keys) {
            byte[] encoded = image == null ? null : image.get(String.valueOf(key));
            GenericRecord value = encoded == null ? lookup(key) : map.type().toCompact(bytes.decode(encoded));
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    /** Frees the image once the initial load of the map is over; later misses look in the files. */
    synchronized void loaded() {
        image = null;
        imageUsed = true;
    }

    /**
     * The stored value of one key: the latest row in the chain or in any member's commit log, whichever is newer.
     * A pass over the map's files, so only reads of evicted entries (and keys a restore did not expect) come here.
     */
    GenericRecord lookup(Object key) {
        String storedKey = String.valueOf(key);
        try {
            List<SnapshotRow> candidates = new ArrayList<>(replanning(() -> {
                Optional<VerifiedChain> chain = plan();
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

    private Map<String, byte[]> buildImage() {
        try {
            return replanning(() -> {
                RestorePlan plan = stores.restore().plan(List.of(map.name()));
                plan.warnings().forEach(stores.events()::fellBack);
                Map<String, byte[]> rows = new HashMap<>();
                List<RestoredMap> restored = stores.restore().restore(plan, (name, batch) -> {
                    for (SnapshotRow row : batch) {
                        rows.put(row.key(), bytes.encode(row.value()));
                    }
                }, stores.events()::restoreProgress);
                restored.forEach(done -> done.maxRevision().ifPresent(stores.clock()::observe));
                return rows;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("restoring map " + map.name() + ": " + e.getMessage(), e);
        }
    }

    private interface ChainRead<T> {
        T run() throws IOException;
    }

    /** Runs a plan and read again while files of the planned chain vanish under it (see the class comment). */
    private static <T> T replanning(ChainRead<T> read) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (SnapshotFileNotFoundException | RestoreRefusedException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Optional<VerifiedChain> plan() throws IOException {
        RestorePlan plan = stores.restore().plan(List.of(map.name()));
        plan.warnings().forEach(stores.events()::fellBack);
        return plan.maps().isEmpty() ? Optional.empty() : plan.maps().get(0).chain();
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
