package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** GET /v1/maps: the grid's maps in name order. */
@Serdeable
public record MapList(List<ListedMap> maps) {

    @Serdeable
    public record ListedMap(String name, @Nullable String storageClass, int size) {
    }
}
