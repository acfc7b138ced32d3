package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.http.MediaType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.control.SnapshotOperation;
import io.snapgrid.node.control.SnapshotOperations;
import io.snapgrid.node.durability.SnapshotAdmin;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.snapgrid.snapshot.VerificationProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.io.IOException;
import java.net.URI;
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
    private final SnapshotOperations operations;
    private final RecordMaps maps;

    SnapshotsController(SnapshotAdmin admin, SnapshotOperations operations, RecordMaps maps) {
        this.admin = admin;
        this.operations = operations;
        this.maps = maps;
    }

    @Operation(operationId = "listSnapshots", summary = "Published snapshots per map, newest first: id, kind (full/delta), createdAt, rows, bytes,"
            + " parentId, baseId (full only) and the number of data files. Maps without snapshots are not listed.")
    @ApiResponse(responseCode = "200", description = "Published snapshots per map",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.snapgrid.node.rest.api.SnapshotBodies.Listing.class)))
    @ApiResponse(responseCode = "400", description = "An invalid map name (invalid-map-name)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
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

    @Operation(summary = "Start a full snapshot of the map now: the control service's leader folds its chain into a"
            + " new full snapshot even if compaction is not due. 202 with the operation and its Location; while a"
            + " request for the map is still pending, that operation. 404 for a map no storage class matches, 409"
            + " for a map without snapshots, 503 on a member that sees no majority.", operationId = "startFullSnapshot")
    @ApiResponse(responseCode = "202", description = "The operation, PENDING or later; poll its Location",
            headers = @Header(name = "Location", description = "/v1/operations/{id}"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation =
                    io.snapgrid.node.rest.api.SnapshotBodies.Operation.class)))
    @ApiResponse(responseCode = "400", description = "No or an invalid map name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The map has no published snapshots (no-snapshots)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The request carries a Content-Type other than application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "This member sees no majority (no-majority)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
    @Post
    HttpResponse<Map<String, Object>> start(@QueryValue String map) throws IOException {
        maps.storageClass(map);
        if (!admin.hasSnapshots(map)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "no-snapshots", "map '" + map + "' has no published snapshots"
                    + " to fold into a full snapshot").with("map", map);
        }
        SnapshotOperation operation = OperationsController.withMajority(() -> operations.requestFullSnapshot(map));
        return HttpResponse.<Map<String, Object>>accepted(URI.create("/v1/operations/" + operation.id()))
                .body(SnapshotBodies.operation(operation));
    }

    @Operation(operationId = "verifySnapshots", summary = "Check every published snapshot's data files (presence, size, SHA-256, footer row count) and"
            + " each map's restore chain, on the member asked; reports every problem with its path and kind")
    @ApiResponse(responseCode = "200", description = "Every map checked, with its problems",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.snapgrid.node.rest.api.SnapshotBodies.Verification.class)))
    @ApiResponse(responseCode = "400", description = "An invalid map name (invalid-map-name)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The request carries a Content-Type other than application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
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
