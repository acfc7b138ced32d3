package io.snapgrid.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds a map's deltas into a new full snapshot, so that the files a restore reads stay bounded
 * (docs/architecture.md §6). Compaction is due, by RavenDB's rule for its Raft snapshots, once the deltas a restore
 * replays on top of the newest full snapshot exceed half that full's size. It only adds a snapshot; what the new full
 * makes redundant is left for {@link SnapshotRetention}. Thread-safe, but meant to run on one member at a time (the
 * control service's leader): two compactions at once are harmless, only wasteful.
 */
public final class SnapshotCompaction {

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final SnapshotVerifier verifier;
    private final SnapshotWriter writer;
    private final CompactionEvents events;

    public SnapshotCompaction(SnapshotStorage storage, SnapshotFormat format, CompactionEvents events) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
        this.verifier = new SnapshotVerifier(storage);
        this.writer = new SnapshotWriter(storage, format);
        this.events = events;
    }

    /** Deltas after a full snapshot that make compaction due whatever their size. */
    static final int MAX_REPLAYED_DELTAS = 64;

    public SnapshotCompaction(SnapshotStorage storage) {
        this(storage, CompactionEvents.NONE);
    }

    public SnapshotCompaction(SnapshotStorage storage, CompactionEvents events) {
        this(storage, SnapshotFormat.defaults(), events);
    }

    /** Whether the map's deltas have outgrown its newest full snapshot. Reads manifests only. */
    public boolean isDue(String map) throws IOException {
        Backlog backlog = backlog(map);
        return backlog.full() == null ? !backlog.deltas().isEmpty() : isDue(backlog.full(), backlog.deltas());
    }

    /**
     * The rule itself: the replayed deltas' bytes exceed half the full snapshot's, or they are so many that files
     * would pile up under a steady trickle of small deltas (every member flushes every interval) into a large map.
     */
    static boolean isDue(SnapshotManifest full, List<SnapshotManifest> replayedDeltas) {
        long deltaBytes = replayedDeltas.stream().mapToLong(SnapshotManifest::byteSize).sum();
        return deltaBytes * 2 > full.byteSize() || replayedDeltas.size() >= MAX_REPLAYED_DELTAS;
    }

    /**
     * Verifies the chain a restore would read, reads it merged, and writes it as a new full snapshot whose base is
     * the newest snapshot read: deltas committed meanwhile land after that base and are still replayed on restore.
     * A map that has only deltas gets its first full snapshot from all of them.
     *
     * @return the new full snapshot; empty if the map has no snapshots or no deltas to fold in
     * @throws SnapshotVerificationException if the chain is damaged; nothing is written then
     */
    public Optional<SnapshotManifest> compact(String map) throws IOException {
        return compact(map, CompactionProgress.NONE);
    }

    /**
     * As {@link #compact(String)}, telling {@code progress} the rows written of the chain's rows before the first row
     * and after each.
     */
    public Optional<SnapshotManifest> compact(String map, CompactionProgress progress) throws IOException {
        Backlog backlog = backlog(map);
        if (backlog.deltas().isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        // Listed again: a full snapshot another member published since the backlog was read is folded in too.
        VerifiedChain chain = verifier.verifyRestoreChain(map).orElseThrow();
        SnapshotManifest head = chain.head();
        long chainRows = chain.manifests().stream().mapToLong(SnapshotManifest::rowCount).sum();
        progress.update(0, chainRows);
        try (PendingSnapshot full = writer.beginFull(map, head.schema(), head.id())) {
            try {
                long[] written = {0};
                new SnapshotReader(storage).read(chain, row -> {
                    try {
                        full.add(row);
                        progress.update(++written[0], chainRows);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            SnapshotManifest published = full.commit();
            events.compacted(published, Duration.ofNanos(System.nanoTime() - started));
            return Optional.of(published);
        }
    }

    /** The newest full snapshot (null if none) and the deltas a restore replays on top of it. */
    private Backlog backlog(String map) throws IOException {
        List<Long> ids = catalog.ids(map);
        SnapshotManifest full = null;
        List<SnapshotManifest> deltas = new ArrayList<>();
        for (int index = ids.size() - 1; index >= 0 && full == null; index--) {
            SnapshotManifest manifest = catalog.manifest(map, ids.get(index));
            if (manifest.kind() == SnapshotKind.FULL) {
                full = manifest;
            } else {
                deltas.add(manifest);
            }
        }
        if (full != null) {
            // Deltas committed while the full was written are replayed too, so they count.
            for (long id : ids) {
                if (id >= full.firstReplayedId() && id < full.id()) {
                    SnapshotManifest manifest = catalog.manifest(map, id);
                    if (manifest.kind() == SnapshotKind.DELTA) {
                        deltas.add(manifest);
                    }
                }
            }
        }
        return new Backlog(full, deltas);
    }

    private record Backlog(SnapshotManifest full, List<SnapshotManifest> deltas) {
    }
}
