package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One snapshot as a member lists it (GET /v1/snapshots); kind, time and rows absent if it could not read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedSnapshot(String id, String kind, String createdAt, Long rows) {
}
