package io.snapgrid.node.rest;

import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.records.RecordType;
import jakarta.inject.Singleton;

/** Resolves a map name from a URL to its storage class and schema, or to the problem that stops it. */
@Singleton
final class RecordMaps {

    private final ExistingMaps grid;
    private final StorageClasses classes;
    private final WriteMajority majority;

    RecordMaps(ExistingMaps grid, SnapgridSettings settings, WriteMajority majority) {
        this.grid = grid;
        this.classes = settings.storageClasses();
        this.majority = majority;
    }

    StorageClass storageClass(String mapName) {
        Names.requireMapName(mapName);
        return classes.forMap(mapName).orElseThrow(() -> ApiProblem.notFound("unknown-map",
                "no storage class matches map '" + mapName + "'").with("map", mapName));
    }

    RecordMap recordMap(String mapName) {
        StorageClass storageClass = storageClass(mapName);
        RecordType type = storageClass.schema().orElseThrow(() -> ApiProblem.notFound("map-without-schema",
                "map '" + mapName + "' (storage class " + storageClass.name() + ") has no schema binding, so REST does"
                        + " not serve its entries; bind one with the class's 'schema' key").with("map", mapName));
        return new RecordMap(mapName, storageClass, type, grid);
    }

    /** As {@link #recordMap}, for a route that writes: refused up front while this member sees no majority. */
    RecordMap forWrite(String mapName) {
        RecordMap target = recordMap(mapName);
        majority.require(mapName);
        return target;
    }
}
