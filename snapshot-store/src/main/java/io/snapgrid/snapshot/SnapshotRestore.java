package io.snapgrid.snapshot;

import io.snapgrid.snapshot.RestorePlan.MapChain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Brings maps back from their snapshots when a cluster starts (docs/architecture.md §7). First a plan:
 * every map's chain is verified (chain complete, sizes, hashes, row counts) before anything loads, and a map that
 * fails refuses the whole restore unless {@link RestoreOptions#allowFallback fallback} is allowed, in which case it
 * loads an older valid chain and the plan says so in a {@link RestoreWarning}. Then the load: per map, the latest row
 * of each live key, in batches, with progress. Not thread-safe; one restore at a time.
 */
public final class SnapshotRestore {

    private final SnapshotCatalog catalog;
    private final SnapshotVerifier verifier;
    private final SnapshotReader reader;
    private final RestoreFallback fallback;
    private final RestoreOptions options;

    public SnapshotRestore(SnapshotStorage storage, RestoreOptions options) {
        this.catalog = new SnapshotCatalog(storage);
        this.verifier = new SnapshotVerifier(storage);
        this.reader = new SnapshotReader(storage);
        this.fallback = new RestoreFallback(catalog, verifier);
        this.options = options;
    }

    public SnapshotRestore(SnapshotStorage storage) {
        this(storage, RestoreOptions.defaults());
    }

    /** Plans the restore of every map that has files under the root. */
    public RestorePlan plan() throws IOException {
        return plan(catalog.maps());
    }

    /**
     * Verifies what each map would load. A map with no snapshots plans as empty.
     *
     * @throws RestoreRefusedException naming every map, file and problem that stops the restore
     */
    public RestorePlan plan(Collection<String> maps) throws IOException {
        List<MapChain> chains = new ArrayList<>();
        List<RestoreWarning> warnings = new ArrayList<>();
        Map<String, VerificationReport> refused = new LinkedHashMap<>();
        for (String map : new LinkedHashSet<>(maps)) {
            try {
                chains.add(new MapChain(map, verifier.verifyRestoreChain(map)));
            } catch (SnapshotVerificationException e) {
                if (!options.allowFallback()) {
                    refused.put(map, e.report());
                    continue;
                }
                List<VerificationProblem> problems = new ArrayList<>(e.report().problems());
                Optional<RestoreFallback.Found> found = fallback.find(map, problems);
                if (found.isEmpty()) {
                    refused.put(map, new VerificationReport(problems));
                    continue;
                }
                chains.add(new MapChain(map, Optional.of(found.get().chain())));
                warnings.add(found.get().warning());
            }
        }
        if (!refused.isEmpty()) {
            throw new RestoreRefusedException(refused, options.allowFallback());
        }
        return new RestorePlan(chains, warnings);
    }

    /**
     * Loads the plan's maps in its order, each key's latest row once, tombstoned keys left out. A file damaged since
     * planning stops the restore with a {@link SnapshotFormatException} naming it; what was loaded stays loaded.
     */
    public List<RestoredMap> restore(RestorePlan plan, RestoreSink sink, RestoreProgress progress)
            throws IOException {
        ProgressMeter meter = new ProgressMeter(plan.total(), progress, options.progressEveryRows());
        List<RestoredMap> restored = new ArrayList<>();
        for (MapChain map : plan.maps()) {
            restored.add(restore(map, sink, meter));
        }
        return restored;
    }

    private RestoredMap restore(MapChain planned, RestoreSink sink, ProgressMeter meter) throws IOException {
        meter.startMap(planned.map(), planned.total());
        long entries = 0;
        OptionalLong maxRevision = OptionalLong.empty();
        if (planned.chain().isPresent()) {
            VerifiedChain chain = planned.chain().get();
            Batches batches = new Batches(planned.map(), sink, options.batchSize());
            SnapshotReader.ReadResult read = reader.read(chain, chain.head().schema(), batches::add, meter::scanned);
            batches.flush();
            entries = read.handedOn();
            maxRevision = read.maxRevision() == Long.MIN_VALUE ? OptionalLong.empty()
                    : OptionalLong.of(read.maxRevision());
        }
        meter.finishMap();
        return new RestoredMap(planned.map(), entries, planned.total(), maxRevision);
    }

    /** Collects rows into lists of the batch size for the sink. */
    private static final class Batches {

        private final String map;
        private final RestoreSink sink;
        private final int size;
        private List<SnapshotRow> batch;

        Batches(String map, RestoreSink sink, int size) {
            this.map = map;
            this.sink = sink;
            this.size = size;
            this.batch = new ArrayList<>(size);
        }

        void add(SnapshotRow row) {
            batch.add(row);
            if (batch.size() == size) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                sink.load(map, batch);
                batch = new ArrayList<>(size);
            }
        }
    }
}
