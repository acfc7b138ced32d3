package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** GET /v1/maps/{map}/entries/{key}/history: durable versions of one entry, oldest first. */
@Serdeable
public record EntryVersions(
        String map,
        String key,
        @Nullable @Schema(format = "date-time", description = "Null while history reaches back to the first write")
        String retainedFrom,
        List<Version> versions,
        @Nullable String nextCursor) {

    @Serdeable
    public record Version(long revision, @Schema(format = "date-time") String committedAt,
                          @Schema(allowableValues = {"upsert", "delete"}) String op,
                          @Nullable @Schema(description = "Null for a delete") RecordValue value) {
    }
}
