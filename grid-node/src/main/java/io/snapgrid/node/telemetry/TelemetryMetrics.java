package io.snapgrid.node.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * Ingested events by outcome, served at /prometheus as {@code snapgrid_telemetry_events_total{result=...}}:
 * accepted (written now), duplicate (its id was already stored), rejected (invalid), failed (the grid did not
 * confirm the write; the client was told to re-send). Also the partition writes that carried them,
 * {@code snapgrid_telemetry_partition_writes_total}: accepted and duplicate events over it are the events per write.
 */
@Singleton
final class TelemetryMetrics {

    private final Counter accepted;
    private final Counter duplicate;
    private final Counter rejected;
    private final Counter failed;
    private final Counter partitionWrites;

    TelemetryMetrics(MeterRegistry registry) {
        this.accepted = counter(registry, "accepted");
        this.duplicate = counter(registry, "duplicate");
        this.rejected = counter(registry, "rejected");
        this.failed = counter(registry, "failed");
        this.partitionWrites = Counter.builder("snapgrid.telemetry.partition-writes")
                .description("Partition writes that carried telemetry events, each shared by the batches waiting"
                        + " for that partition").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("snapgrid.telemetry.events").tag("result", result)
                .description("Telemetry events received over REST, by outcome").register(registry);
    }

    void partitionWrite() {
        partitionWrites.increment();
    }

    void record(int accepted, int duplicates, int rejected, int failed) {
        this.accepted.increment(accepted);
        this.duplicate.increment(duplicates);
        this.rejected.increment(rejected);
        this.failed.increment(failed);
    }
}
