package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One storage class as snapgrid.yaml writes it (docs/configuration.md), camelCase; a key left out is the node's
 * default. Durations as the node reads them ("10s", "1h").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageClass(String match, Integer backups, Integer asyncBackups, String durability, String ttl,
                           String maxIdle, String eviction, Integer maxSize, Boolean readBackupData, String schema,
                           String snapshotInterval, Integer eventJournalCapacity) {
}
