package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** GET /v1/maps/{map}: the storage class that governs the map, and its Avro schema. */
@Serdeable
public record MapDescription(
        String name,
        String storageClass,
        @Schema(description = "The class's match: a prefix (ends in '.') or one map's name") String match,
        int backups,
        int asyncBackups,
        boolean readBackupData,
        @Schema(allowableValues = {"none", "weak", "strong"}) String durability,
        @Nullable @Schema(description = "Only for durability WEAK") Long snapshotIntervalSeconds,
        long ttlSeconds,
        long maxIdleSeconds,
        Eviction eviction,
        int eventJournalCapacity,
        int size,
        @Nullable @Schema(type = "object", description = "The Avro schema (.avsc) records follow; absent for a class"
                + " without one") Object schema) {

    @Serdeable
    public record Eviction(String policy, int maxSizePerMember) {
    }
}
