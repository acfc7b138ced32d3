package io.snapgrid.snapshot.mapstore;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoader;
import com.hazelcast.map.MapStoreFactory;
import io.snapgrid.snapshot.CommitLog;
import io.snapgrid.snapshot.CommitLogStats;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotReader;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.SnapshotVerifier;
import io.snapgrid.snapshot.SnapshotWriter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A member's side of the snapshot store for its durable maps: Hazelcast asks it for each map's MapStore, and it
 * owns what those share: the member's commit log (strong maps), the revision clock, and the weak maps' backlog
 * watch. Open it before the member starts, since opening rolls the logs that stopped processes left behind; close
 * it after the member has shut down, which rolls this member's own log.
 */
public final class SnapshotMapStores implements MapStoreFactory<Object, Object>, Closeable {

    private static final String USER_CONTEXT_KEY = "snapgrid.snapshot.map-stores";
    private static final long BACKLOG_SAMPLE_MILLIS = 200;

    private final Function<String, Optional<DurableMap>> maps;
    private final SnapshotMapStoreOptions options;
    private final StoreEvents events;
    private final SnapshotWriter writer;
    private final SnapshotReader reader;
    private final SnapshotVerifier verifier;
    private final SnapshotRestore restore;
    private final RevisionClock clock = new RevisionClock();
    private final LogDirectories.Claimed logDirectory;
    private final CommitLog log;
    private final List<SnapshotManifest> rolledAtOpen;
    private final Map<String, Long> backlog = new ConcurrentHashMap<>();
    private final Map<String, MapRestore> restores = new ConcurrentHashMap<>();
    private final Map<String, DurableMap> strongMaps = new ConcurrentHashMap<>();
    private final Map<String, DurableMap> weakMaps = new ConcurrentHashMap<>();
    /** Interceptor ids of the backlog guards this member installed, by map; touched by the upkeep thread only. */
    private final Map<String, String> guards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "snapshot-map-stores");
        thread.setDaemon(true);
        return thread;
    });
    private volatile HazelcastInstance member;
    private volatile PartitionTakeOvers takeOvers;

    private SnapshotMapStores(SnapshotStorage storage, Function<String, Optional<DurableMap>> maps,
                              SnapshotMapStoreOptions options, StoreEvents events) throws IOException {
        this.maps = maps;
        this.options = options;
        this.events = events;
        this.writer = new SnapshotWriter(storage);
        this.reader = new SnapshotReader(storage);
        this.verifier = new SnapshotVerifier(storage);
        this.restore = new SnapshotRestore(storage, options.restore());
        List<SnapshotManifest> rolled = new ArrayList<>();
        this.logDirectory = LogDirectories.takeOver(options.logRoot(), writer, rolled);
        this.rolledAtOpen = List.copyOf(rolled);
        try {
            this.log = CommitLog.open(logDirectory.directory(), Map.of(), options.log());
            log.observeCommits(events::groupCommitted);
        } catch (IOException | RuntimeException e) {
            logDirectory.close();
            throw e;
        }
        long roll = options.logRollInterval().toMillis();
        upkeep.scheduleWithFixedDelay(this::rollLog, roll, roll, TimeUnit.MILLISECONDS);
    }

    /**
     * Rolls every commit log left by a stopped process into deltas, then claims this process's own log.
     *
     * @param maps the durable map of a name, from its storage class; empty for a map that is not durable
     */
    public static SnapshotMapStores open(SnapshotStorage storage, Function<String, Optional<DurableMap>> maps,
                                         SnapshotMapStoreOptions options, StoreEvents events) throws IOException {
        return new SnapshotMapStores(storage, maps, options, events);
    }

    /** Makes these stores findable from callbacks on the member built from {@code config}. */
    public void registerIn(Config config) {
        config.getUserContext().put(USER_CONTEXT_KEY, this);
    }

    /** The stores of the member a callback runs on; see {@link #registerIn}. */
    public static SnapshotMapStores of(HazelcastInstance member) {
        SnapshotMapStores stores = (SnapshotMapStores) member.getUserContext().get(USER_CONTEXT_KEY);
        if (stores == null) {
            throw new IllegalStateException("member " + member.getName() + " has no snapshot map stores");
        }
        return stores;
    }

    @Override
    public MapLoader<Object, Object> newMapStore(String mapName, Properties properties) {
        DurableMap map = maps.apply(mapName).orElseThrow(() -> new IllegalStateException("map " + mapName
                + " has a MapStore configured but no durable storage class"));
        if (map.durability() == Durability.STRONG) {
            log.register(mapName, map.type().avroSchema());
            strongMaps.put(mapName, map);
            return new StrongMapStore(this, map);
        }
        weakMaps.put(mapName, map);
        return new WeakMapStore(this, map);
    }

    /** Deltas written at open from the logs of stopped processes. */
    public List<SnapshotManifest> rolledAtOpen() {
        return rolledAtOpen;
    }

    public Path logDirectory() {
        return logDirectory.directory();
    }

    /**
     * What this member's commit log has done since it was opened: appends, group commits and fsyncs, so
     * {@link CommitLogStats#meanBatch()} is how many strong writes shared each fsync. Read-only; for benchmarks and
     * diagnostics (the durability benchmark prints it per member).
     */
    public CommitLogStats logStats() {
        return log.stats();
    }

    /** Unflushed changes of each weak map on this member, as last sampled; the limit is {@link #weakBacklogLimit}. */
    public Map<String, Long> weakBacklog() {
        return Map.copyOf(backlog);
    }

    public int weakBacklogLimit() {
        return options.weakBacklogLimit();
    }

    /**
     * Refuses a write to a weak map whose unflushed changes on this member reached the limit.
     *
     * @throws WeakBacklogFullException naming the map, the backlog and the limit
     */
    public void checkBacklog(String map) {
        long waiting = backlog.getOrDefault(map, 0L);
        if (waiting >= options.weakBacklogLimit()) {
            throw new WeakBacklogFullException("map " + map + ": " + waiting + " changes on member "
                    + member.getCluster().getLocalMember().getAddress() + " wait to be written to the snapshot store"
                    + " (limit " + options.weakBacklogLimit() + "); the store is failing or not keeping up, so this"
                    + " write is refused rather than risked");
        }
    }

    /**
     * Tells the store that the initial load of a map is over on this member, which frees its restore image.
     *
     * @throws RuntimeException if the map did not restore on this member: the load failed, or its snapshots fail
     *                          verification (the message names the files); Hazelcast itself would serve it empty
     */
    public void loaded(String map) {
        // Hazelcast may never have asked this member for the map's store (seen in CI on a newly formed cluster):
        // the snapshots are still verified here, so that no member serves the map over refused files.
        maps.apply(map).map(this::restoreOf).ifPresent(MapRestore::loaded);
    }

    /**
     * A key's changes in this member's commit log not yet rolled into a delta: what history adds to the snapshot
     * files for a strong map ({@link CommitLog#rowsOf}). Empty for a map this member's log has no rows of.
     */
    public List<SnapshotRow> loggedRows(String map, String key) throws IOException {
        return log.rowsOf(map, key);
    }

    /** Moves this member's commit log into deltas and truncates it. */
    public List<SnapshotManifest> rollLog() {
        try {
            return log.roll(writer);
        } catch (IOException | RuntimeException e) {
            events.flushFailed("commit log " + logDirectory.directory(), 0, e);
            return List.of();
        }
    }

    /**
     * Whether this member owns partitions taken over from a member that left whose strong entries are not yet in
     * its commit log, or a departed member's partitions have no known new owner yet. The cluster is not safe until
     * this is false on every member: the departed member's log may have been lost with it.
     */
    public boolean takeOverPending() {
        PartitionTakeOvers watching = takeOvers;
        return watching != null && watching.pending();
    }

    /** Stops the upkeep, rolls the log a last time and releases its directory. Call after the member shut down. */
    @Override
    public void close() throws IOException {
        upkeep.shutdownNow();
        PartitionTakeOvers watching = takeOvers;
        if (watching != null) {
            watching.stop();
        }
        try (LogDirectories.Claimed ignored = logDirectory; CommitLog closing = log) {
            closing.roll(writer);
        }
    }

    synchronized void memberStarted(HazelcastInstance started) {
        if (member == null) {
            member = started;
            clock.useTime(() -> started.getCluster().getClusterTime());
            takeOvers = PartitionTakeOvers.watch(this, started);
            upkeep.scheduleWithFixedDelay(this::sampleBacklog, BACKLOG_SAMPLE_MILLIS, BACKLOG_SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** What this member owns now; empty before its member started (every row is then its own). */
    Optional<OwnedPartitions> ownedPartitions() {
        HazelcastInstance started = member;
        return started == null ? Optional.empty() : Optional.of(OwnedPartitions.now(started));
    }

    /** The strong maps whose store this member has made, which are those it holds entries of. */
    Collection<DurableMap> strongMaps() {
        return strongMaps.values();
    }

    /** The weak maps whose store this member has made, which are those it holds entries of. */
    Collection<DurableMap> weakMaps() {
        return weakMaps.values();
    }

    MapRestore restoreOf(DurableMap map) {
        return restores.computeIfAbsent(map.name(), name -> new MapRestore(this, map));
    }

    void trackBacklog(String map) {
        backlog.putIfAbsent(map, 0L);
    }

    private void sampleBacklog() {
        HazelcastInstance sampled = member;
        if (sampled == null || !sampled.getLifecycleService().isRunning()) {
            return;
        }
        for (String map : backlog.keySet()) {
            try {
                long waiting = sampled.getMap(map).getLocalMapStats().getDirtyEntryCount();
                backlog.put(map, waiting);
                guard(sampled, map, waiting);
            } catch (RuntimeException e) {
                // the member is shutting down; the next sample or none
            }
        }
    }

    /**
     * Installs this member's backlog guard on the map while its backlog is at the limit, and removes it once the
     * backlog is down to half: an interceptor makes Hazelcast deserialize every value put, which costs a weak map a
     * third of its throughput, so it is there only while writes must be refused. Each member installs its own guard
     * (they are told apart by member), so one member's backlog draining does not remove another's.
     */
    private void guard(HazelcastInstance sampled, String map, long waiting) {
        String installed = guards.get(map);
        if (installed == null && waiting >= options.weakBacklogLimit()) {
            WeakBacklogGuard guard = new WeakBacklogGuard(map, sampled.getCluster().getLocalMember().getUuid());
            guard.setHazelcastInstance(sampled);
            guards.put(map, sampled.getMap(map).addInterceptor(guard));
        } else if (installed != null && waiting <= options.weakBacklogLimit() / 2) {
            sampled.getMap(map).removeInterceptor(installed);
            guards.remove(map);
        }
    }

    SnapshotWriter writer() {
        return writer;
    }

    SnapshotReader reader() {
        return reader;
    }

    SnapshotVerifier verifier() {
        return verifier;
    }

    SnapshotRestore restore() {
        return restore;
    }

    RevisionClock clock() {
        return clock;
    }

    CommitLog log() {
        return log;
    }

    StoreEvents events() {
        return events;
    }

    Path logRoot() {
        return options.logRoot();
    }
}
