package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** GET /v1/maps/{map}/entries: a page of entries in key order. */
@Serdeable
public record EntryPage(
        @Nullable @Schema(format = "date-time", description = "Only on an asOf listing: the time it shows")
        String asOf,
        List<Entry> items,
        @Nullable @Schema(description = "Pass as cursor for the next page; null on the last") String nextCursor) {

    @Serdeable
    public record Entry(String key, RecordValue value) {
    }
}
