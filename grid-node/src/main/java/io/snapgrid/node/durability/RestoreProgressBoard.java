package io.snapgrid.node.durability;

import io.snapgrid.snapshot.RestoreStatus;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
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
    public Map<String, Map<String, Object>> describe() {
        Map<String, Map<String, Object>> described = new TreeMap<>();
        latest.forEach((map, status) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rows", status.mapDone().rows());
            row.put("rowsTotal", status.mapTotal().rows());
            row.put("bytes", status.mapDone().bytes());
            row.put("bytesTotal", status.mapTotal().bytes());
            row.put("done", status.mapDone().equals(status.mapTotal()));
            described.put(map, row);
        });
        return described;
    }
}
