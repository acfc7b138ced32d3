package io.snapgrid.node.metrics;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.durability.RestoreProgressBoard;
import io.snapgrid.node.durability.SnapshotAdmin;
import io.snapgrid.node.durability.SnapshotSummary;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The snapshot store as this member sees it (docs/observability.md): its commit log and weak backlogs, its restore,
 * and the published snapshots of every map. The fsync histogram and unstorable values are counted where the store
 * reports them (DurabilityEvents). The catalogue is read every {@value #CATALOGUE_EVERY}, not per scrape, since it
 * means reading every manifest in the store; every member reads the same store, so dashboards take the max.
 */
@Singleton
@Requires(bean = HazelcastInstance.class) // none in a settings-only context, which must not open the store
final class StoreMetrics {

    static final String CATALOGUE_EVERY = "30s";
    private static final Logger LOG = LoggerFactory.getLogger(StoreMetrics.class);

    private final SnapshotMapStores stores;
    private final SnapshotAdmin admin;
    private final RestoreProgressBoard restores;
    private final SnapgridSettings settings;
    private final MeterRegistry registry;
    private final MultiGauge backlog;
    private final MultiGauge restoreRowsDone;
    private final MultiGauge restoreRowsPlanned;
    private final MultiGauge restoreBytesDone;
    private final MultiGauge restoreBytesPlanned;
    private final MultiGauge snapshotAge;
    private final MultiGauge snapshotInterval;
    private final MultiGauge snapshotCount;
    private final MultiGauge snapshotFiles;
    private final MultiGauge snapshotBytes;

    StoreMetrics(SnapshotMapStores stores, SnapshotAdmin admin, RestoreProgressBoard restores,
                 SnapgridSettings settings, MeterRegistry registry) {
        this.stores = stores;
        this.admin = admin;
        this.restores = restores;
        this.settings = settings;
        this.registry = registry;
        logCounter(registry, "snapgrid.commitlog.appends", "Strong writes the commit log acknowledged",
                s -> s.logStats().appends());
        logCounter(registry, "snapgrid.commitlog.commits", "Group commits: one write and one fsync each",
                s -> s.logStats().writes());
        logCounter(registry, "snapgrid.commitlog.fsyncs", "Commit-log fsyncs", s -> s.logStats().fsyncs());
        Gauge.builder("snapgrid.weak.backlog.limit", stores, SnapshotMapStores::weakBacklogLimit)
                .description("Unflushed changes of one weak map on one member beyond which writes are refused")
                .register(registry);
        backlog = multi(registry, "snapgrid.weak.backlog", "Changes of a weak map on this member not yet flushed");
        restoreRowsDone = multi(registry, "snapgrid.restore.rows.done", "Rows this member's restore has scanned");
        restoreRowsPlanned = multi(registry, "snapgrid.restore.rows.planned", "Rows this member's restore reads");
        restoreBytesDone = multi(registry, "snapgrid.restore.bytes.done", "Bytes this member's restore has scanned");
        restoreBytesPlanned = multi(registry, "snapgrid.restore.bytes.planned", "Bytes this member's restore reads");
        snapshotAge = multi(registry, "snapgrid.snapshot.newest.age.seconds",
                "Age of the map's newest published snapshot or delta");
        snapshotInterval = multi(registry, "snapgrid.snapshot.interval.seconds",
                "How often the map's changes are published: a weak class's snapshot-interval, else the log roll");
        snapshotCount = multi(registry, "snapgrid.snapshot.published", "Published snapshots of the map");
        snapshotFiles = multi(registry, "snapgrid.snapshot.files", "Data files of the map's published snapshots");
        snapshotBytes = multi(registry, "snapgrid.snapshot.bytes", "Bytes of the map's published snapshots");
        refreshLocal();
    }

    private void logCounter(MeterRegistry registry, String name, String description,
                            ToLongFunction<SnapshotMapStores> value) {
        FunctionCounter.builder(name, stores, s -> value.applyAsLong(s)).description(description).register(registry);
    }

    private static MultiGauge multi(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** The weak backlog and restore progress: cheap, read from this member's memory. */
    @Scheduled(fixedDelay = "5s")
    void refreshLocal() {
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        stores.weakBacklog().forEach((map, changes) -> {
            waiting.add(MultiGauge.Row.of(Tags.of("map", map), () -> stores.weakBacklog().getOrDefault(map, 0L)));
            // Made here at 0 (DurabilityEvents counts them), so that the first one shows in increase().
            registry.counter("snapgrid.snapshots.unstorable", "map", map);
            registry.counter("snapgrid.snapshots.flush.failures", "map", map);
        });
        backlog.register(waiting, true);
        Map<String, RestoreStatus> progress = restores.byMap();
        restoreRowsDone.register(rows(progress, s -> s.mapDone().rows()), true);
        restoreRowsPlanned.register(rows(progress, s -> s.mapTotal().rows()), true);
        restoreBytesDone.register(rows(progress, s -> s.mapDone().bytes()), true);
        restoreBytesPlanned.register(rows(progress, s -> s.mapTotal().bytes()), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, RestoreStatus> progress,
                                                 ToLongFunction<RestoreStatus> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        progress.forEach((map, status) -> rows.add(MultiGauge.Row.of(Tags.of("map", map),
                value.applyAsLong(status))));
        return rows;
    }

    /** The published snapshots of every map in the store. */
    @Scheduled(fixedDelay = CATALOGUE_EVERY, initialDelay = "1s")
    void refreshCatalogue() {
        List<SnapshotAdmin.MapSnapshots> listed;
        try {
            listed = admin.list(null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the snapshot catalogue for the metrics; they keep their last values: {}",
                    e.toString());
            return;
        }
        List<MultiGauge.Row<?>> age = new ArrayList<>();
        List<MultiGauge.Row<?>> interval = new ArrayList<>();
        List<MultiGauge.Row<?>> count = new ArrayList<>();
        List<MultiGauge.Row<?>> files = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        for (SnapshotAdmin.MapSnapshots map : listed) {
            List<SnapshotSummary> readable = map.snapshots().stream().map(SnapshotAdmin.Listed::summary)
                    .filter(Objects::nonNull).toList();
            Tags tags = Tags.of("map", map.map());
            count.add(MultiGauge.Row.of(tags, map.snapshots().size()));
            files.add(MultiGauge.Row.of(tags, readable.stream().mapToLong(SnapshotSummary::files).sum()));
            bytes.add(MultiGauge.Row.of(tags, readable.stream().mapToLong(SnapshotSummary::bytes).sum()));
            readable.stream().map(SnapshotSummary::createdAt).max(Instant::compareTo).ifPresent(newest ->
                    age.add(MultiGauge.Row.of(tags, () -> secondsSince(newest))));
            publishInterval(map.map()).ifPresent(every -> interval.add(MultiGauge.Row.of(tags, every.toSeconds())));
        }
        snapshotAge.register(age, true);
        snapshotInterval.register(interval, true);
        snapshotCount.register(count, true);
        snapshotFiles.register(files, true);
        snapshotBytes.register(bytes, true);
    }

    private static double secondsSince(Instant then) {
        return Duration.between(then, Instant.now()).toMillis() / 1000.0;
    }

    private Optional<Duration> publishInterval(String map) {
        return settings.storageClasses().forMap(map).filter(c -> c.durability() != Durability.NONE)
                .map(c -> c.durability() == Durability.WEAK ? c.snapshotInterval()
                        : settings.snapshots().commitLog().rollInterval());
    }
}
