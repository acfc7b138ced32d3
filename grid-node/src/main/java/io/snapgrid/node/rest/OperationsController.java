package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.http.MediaType;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.snapgrid.node.control.SnapshotOperations;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.Map;
import java.util.function.Supplier;

/** Admin operations the control service's leader runs, readable on every member. */
@Controller("/v1/operations")
final class OperationsController {

    private final SnapshotOperations operations;

    OperationsController(SnapshotOperations operations) {
        this.operations = operations;
    }

    @Operation(summary = "One operation: state (pending/running/succeeded/failed), map, kind, createdAt, startedAt,"
            + " finishedAt, the leader epoch of its latest attempt, progress (rows written) and its result or error."
            + " Operations are kept a day after their last change.", operationId = "getOperation")
    @ApiResponse(responseCode = "200", description = "The operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.snapgrid.node.rest.api.SnapshotBodies.Operation.class)))
    @ApiResponse(responseCode = "404", description = "No such operation, or forgotten (unknown-operation)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "This member sees no majority (no-majority)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.ADMIN)
    @Role(Roles.ADMIN)
    @Get("/{id}")
    Map<String, Object> get(String id) {
        return withMajority(() -> operations.find(id)).map(SnapshotBodies::operation)
                .orElseThrow(() -> ApiProblem.notFound("unknown-operation", "no operation '" + id
                        + "' (operations are forgotten a day after their last change)").with("operation", id));
    }

    /** Operations live in control state, which a member without a majority in view can neither read nor write. */
    static <T> T withMajority(Supplier<T> call) {
        try {
            return call.get();
        } catch (SplitBrainProtectionException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "no-majority", "this member sees fewer than a"
                    + " majority of the expected cluster (cluster.expected-size), so it can neither record nor read"
                    + " operations: " + e.getMessage());
        }
    }
}
