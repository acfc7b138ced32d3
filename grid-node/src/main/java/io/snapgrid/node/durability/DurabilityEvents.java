package io.snapgrid.node.durability;

import io.micrometer.core.instrument.MeterRegistry;
import io.snapgrid.snapshot.RestoreStatus;
import io.snapgrid.snapshot.RestoreWarning;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.mapstore.StoreEvents;
import io.micrometer.core.instrument.Counter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/** Logs and counts what the durable maps report (served at /prometheus). */
@Singleton
final class DurabilityEvents implements StoreEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DurabilityEvents.class);

    private final MeterRegistry registry;

    DurabilityEvents(MeterRegistry registry) {
        this.registry = registry;
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
        LOG.info("Took over {} partition(s) of departed member {}: {} strong entries made durable in this member's"
                + " commit log in {} ms", partitions, departed, entries, took.toMillis());
    }

    @Override
    public void takeOverFailed(Exception cause) {
        registry.counter("snapgrid.snapshots.take-over.failures").increment();
        LOG.error("Could not make the strong entries taken over from a departed member durable; retrying, and the"
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
        LOG.info("{}", status);
    }
}
