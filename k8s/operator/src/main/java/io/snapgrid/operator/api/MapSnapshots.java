package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A map's newest published snapshot, and the newest full one (where a restore of the map starts). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MapSnapshots(String map, PublishedSnapshot newest, String newestFullId) {
}
