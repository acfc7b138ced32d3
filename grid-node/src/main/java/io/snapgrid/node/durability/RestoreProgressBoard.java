package io.snapgrid.node.durability;

import io.snapgrid.snapshot.RestoreStatus;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last restore progress this member reported for each durable map it restored (rows and bytes of the map's
 * total), for readiness, GET /v1/cluster and the metrics. A map's entry stays once it is done, reading done == total.
 */
@Singleton
public final class RestoreProgressBoard {

    private final Map<String, RestoreStatus> latest = new ConcurrentHashMap<>();

    void update(RestoreStatus status) {
        latest.put(status.map(), status);
    }

    /** By map name. */
    public Map<String, RestoreStatus> byMap() {
        return new TreeMap<>(latest);
    }
}
