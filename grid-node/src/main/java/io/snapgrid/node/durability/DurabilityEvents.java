package io.snapgrid.node.durability;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.RestoreWarning;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.RetentionResult;
import io.snapgrid.snapshot.mapstore.StoreEvents;
import io.micrometer.core.instrument.Counter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Logs and counts what the durable maps report (served at /prometheus). */
@Singleton
final class DurabilityEvents implements StoreEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DurabilityEvents.class);

    private final MeterRegistry registry;
    private final RestoreProgressBoard restores;
    private final Timer fsyncs;
    private final DistributionSummary appendsPerCommit;

    DurabilityEvents(MeterRegistry registry, RestoreProgressBoard restores) {
        this.registry = registry;
        this.restores = restores;
        // Buckets, so that p99 can be taken over all members (histogram_quantile), not averaged per member.
        this.fsyncs = Timer.builder("snapgrid.commitlog.fsync")
                .description("Time of each commit-log fsync (one per group commit of strong writes)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        this.appendsPerCommit = DistributionSummary.builder("snapgrid.commitlog.appends.per.commit")
                .description("Strong writes acknowledged by each group commit, so by each fsync").register(registry);
    }

    @Override
    public void unstorable(String map, Object key, String reason) {
        registry.counter("snapgrid.snapshots.unstorable", "map", map).increment();
        LOG.error("NOT DURABLE: {} (the entry stays in memory; fix or remove it)", reason);
    }

    @Override
    public void flushFailed(String map, int entries, Exception cause) {
        registry.counter("snapgrid.snapshots.flush.failures", "map", map).increment();
        LOG.warn("Writing {} change(s) of {} to the snapshot store failed; they stay queued and are retried: {}",
                entries, map, cause.toString());
    }

    /** Failed flushes of a weak map's changes on this node so far. */
    long flushFailures(String map) {
        Counter counter = registry.find("snapgrid.snapshots.flush.failures").tag("map", map).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    @Override
    public void tookOver(UUID departed, int partitions, long entries, Duration took) {
        LOG.info("Took over {} partition(s) of departed member {}: {} entries made durable again (strong ones in this"
                + " member's commit log, weak ones and their deletes in a delta) in {} ms", partitions, departed,
                entries, took.toMillis());
    }

    @Override
    public void takeOverFailed(Exception cause) {
        registry.counter("snapgrid.snapshots.take-over.failures").increment();
        LOG.error("Could not make the entries taken over from a departed member durable; retrying, and the"
                + " cluster is not reported safe until it succeeds", cause);
    }

    @Override
    public void fellBack(RestoreWarning warning) {
        registry.counter("snapgrid.snapshots.restore.fallbacks").increment();
        LOG.error("RESTORE FELL BACK (snapshots.restore.allow-fallback is on): {}", warning);
    }

    @Override
    public void continuedFrom(RestoreWarning warning, SnapshotManifest full) {
        LOG.error("RESTORE FELL BACK: map {} continues from new full snapshot {} of what the fallback restored (base {});"
                + " the snapshots it skipped are no longer restored: {}", warning.map(), full.id(), full.baseId(),
                warning.skippedManifests());
    }

    @Override
    public void restoreProgress(RestoreStatus status) {
        restores.update(status);
        LOG.info("{}", status);
    }

    /** Counted on the member that ran it, by map: dashboards sum over members. */
    @Override
    public void compacted(SnapshotManifest full, Duration took) {
        Timer.builder("snapgrid.snapshot.compaction").tag("map", full.map())
                .description("Compactions this member ran that wrote a full snapshot (the duty's and requested ones),"
                        + " each timed from verifying the chain to publishing the full")
                .register(registry).record(took);
        Counter.builder("snapgrid.snapshot.compaction.rows").tag("map", full.map())
                .description("Rows written by those compactions").register(registry).increment(full.rowCount());
        Counter.builder("snapgrid.snapshot.compaction.bytes").tag("map", full.map()).baseUnit("bytes")
                .description("Bytes written by those compactions").register(registry).increment(full.byteSize());
    }

    /** Counted on the member that ran it, by map, like compactions; runs that removed nothing count too. */
    @Override
    public void retained(RetentionResult result, Duration took) {
        Timer.builder("snapgrid.snapshot.retention").tag("map", result.map())
                .description("Retention runs this member applied, each timed from listing the map's snapshots to"
                        + " the last removal").register(registry).record(took);
        Counter.builder("snapgrid.snapshot.retention.removed.snapshots").tag("map", result.map())
                .description("Snapshots those runs removed (or moved to history)").register(registry)
                .increment(result.manifests().size());
        Counter.builder("snapgrid.snapshot.retention.removed.bytes").tag("map", result.map()).baseUnit("bytes")
                .description("Bytes those runs removed, manifests and data files").register(registry)
                .increment(result.bytes());
    }

    @Override
    public void groupCommitted(int appends, long fsyncNanos) {
        if (fsyncNanos > 0) {
            fsyncs.record(fsyncNanos, TimeUnit.NANOSECONDS);
        }
        appendsPerCommit.record(appends);
    }
}
