package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The bodies of POST /v1/maps/{map}/batch/{put,patch,get,delete}. */
public final class Batches {

    private Batches() {
    }

    @Serdeable
    @Schema(name = "KeyBatch")
    public record Keys(@Schema(description = "At most rest.max-batch-entries") List<String> keys) {
    }

    @Serdeable
    @Schema(name = "PutBatch")
    public record Puts(@Schema(description = "At most rest.max-batch-entries") List<Put> entries) {
    }

    @Serdeable
    @Schema(name = "PutBatchEntry")
    public record Put(String key, RecordValue value) {
    }

    @Serdeable
    @Schema(name = "PatchBatch")
    public record Patches(@Schema(description = "At most rest.max-batch-entries") List<Patch> entries) {
    }

    @Serdeable
    @Schema(name = "PatchBatchEntry")
    public record Patch(String key, MergePatchDocument patch) {
    }

    @Serdeable
    @Schema(name = "BatchResults")
    public record Results(@Schema(description = "One per item, in request order") List<Result> results) {
    }

    @Serdeable
    @Schema(name = "BatchResult")
    public record Result(@Nullable @Schema(description = "Null when the item's key was not a string") String key,
                         @Schema(description = "200, 204, 400 or 404, as the single-entry call would answer")
                         int status,
                         @Nullable @Schema(description = "The record, for get and patch") RecordValue value,
                         @Nullable String error,
                         @Nullable @Schema(description = "The record field at fault") String field) {
    }
}
