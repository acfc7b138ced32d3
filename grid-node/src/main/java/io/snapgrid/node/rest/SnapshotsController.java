package io.snapgrid.node.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.durability.SnapshotAdmin;
import io.snapgrid.snapshot.VerificationProblem;
import io.swagger.v3.oas.annotations.Operation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot store's admin surface: what is published, a check of every file, and (through the control service's
 * leader) a full snapshot on demand. Listing and checking read the shared root on the member asked.
 */
@Controller("/v1/snapshots")
final class SnapshotsController {

    private final SnapshotAdmin admin;

    SnapshotsController(SnapshotAdmin admin) {
        this.admin = admin;
    }

    @Operation(summary = "Published snapshots per map, newest first: id, kind (full/delta), createdAt, rows, bytes,"
            + " parentId, baseId (full only) and the number of data files. Maps without snapshots are not listed.")
    @Get
    Map<String, Object> list(@Nullable @QueryValue String map) throws IOException {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (SnapshotAdmin.MapSnapshots listed : admin.list(map == null ? null : Names.requireMapName(map))) {
            List<Map<String, Object>> snapshots = new ArrayList<>();
            for (SnapshotAdmin.Listed snapshot : listed.snapshots()) {
                snapshots.add(snapshot.summary() != null ? SnapshotBodies.snapshot(snapshot.summary())
                        : unreadable(snapshot));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("map", listed.map());
            row.put("snapshots", snapshots);
            maps.add(row);
        }
        return Map.of("maps", maps);
    }

    @Operation(summary = "Check every published snapshot's data files (presence, size, SHA-256, footer row count) and"
            + " each map's restore chain, on the member asked; reports every problem with its path and kind")
    @Post("/verify")
    Map<String, Object> verify(@Nullable @QueryValue String map) throws IOException {
        boolean ok = true;
        List<Map<String, Object>> maps = new ArrayList<>();
        for (SnapshotAdmin.MapVerification verified : admin.verify(map == null ? null : Names.requireMapName(map))) {
            ok &= verified.ok();
            List<Map<String, Object>> problems = new ArrayList<>();
            for (VerificationProblem problem : verified.problems()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", problem.path());
                row.put("kind", problem.kind().name());
                row.put("detail", problem.detail());
                problems.add(row);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("map", verified.map());
            row.put("ok", verified.ok());
            row.put("snapshots", verified.snapshots());
            row.put("files", verified.files());
            row.put("problems", problems);
            maps.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", ok);
        body.put("maps", maps);
        return body;
    }

    private static Map<String, Object> unreadable(SnapshotAdmin.Listed snapshot) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", snapshot.id());
        row.put("error", snapshot.error());
        return row;
    }
}
