package io.snapgrid.node.durability;

import io.snapgrid.node.rest.api.ClusterStatus;
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

    /** A map loaded without the store reporting progress: nothing of it was read here (no snapshots, say). */
    void loaded(String map) {
        RestoreStatus.Amount none = RestoreStatus.Amount.ZERO;
        latest.putIfAbsent(map, new RestoreStatus(map, none, none, none, none));
    }

    /** By map name. */
    public Map<String, RestoreStatus> byMap() {
        return new TreeMap<>(latest);
    }

    /** As readiness and GET /v1/cluster show it: per map, rows and bytes scanned of the total, and whether done. */
    public Map<String, ClusterStatus.RestoreProgress> describe() {
        Map<String, ClusterStatus.RestoreProgress> described = new TreeMap<>();
        latest.forEach((map, status) -> described.put(map, new ClusterStatus.RestoreProgress(status.mapDone().rows(),
                status.mapTotal().rows(), status.mapDone().bytes(), status.mapTotal().bytes(),
                status.mapDone().equals(status.mapTotal()))));
        return described;
    }
}
