package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Schema;
import io.snapgrid.node.rest.api.EntryVersions;
import io.snapgrid.node.rest.api.SqlBodies;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.time.Instant;

/** What records were, and when: every durable version of a key, and read-only SQL over every map's history. */
@Controller
final class HistoryController {

    private final RecordMaps maps;
    private final EntryHistory history;
    private final HistorySql sql;
    private final RecordBodies bodies;
    private final int maxPageSize;

    HistoryController(RecordMaps maps, EntryHistory history, HistorySql sql, RecordBodies bodies,
                      SnapgridSettings settings) {
        this.maps = maps;
        this.history = history;
        this.sql = sql;
        this.bodies = bodies;
        this.maxPageSize = settings.rest().maxPageSize();
    }

    @Operation(operationId = "entryHistory", summary = "Every durable version of one entry committed in [from, to],"
            + " oldest first, each once: {map, key, retainedFrom, versions: [{revision, committedAt, op (upsert or"
            + " delete), value}], nextCursor}. Versions come from the snapshot files (weak flushes already written)"
            + " and every member's commit log (strong writes not yet rolled). from before retainedFrom: 409 history-not-retained")
    @ApiResponse(responseCode = "200", description = "A page of versions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryVersions.class)))
    @ApiResponse(responseCode = "400", description = "from or to is not ISO-8601 or to lies before from (invalid-time), or an invalid limit, cursor or map name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "from lies before the oldest retained time (history-not-retained)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get(uri = "/v1/maps/{map}/entries/{key}/history", produces = MediaType.APPLICATION_JSON)
    ObjectNode versions(String map, String key, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                        @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        RecordMap target = maps.recordMap(map);
        Instant start = from == null ? null : EntryHistory.instant("from", from);
        Instant end = to == null ? null : EntryHistory.instant("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw ApiProblem.badRequest("invalid-time", "to (" + to + ") lies before from (" + from + ")");
        }
        return history.versions(target, key, start, end, QueryController.pageSize(limit, maxPageSize), cursor);
    }

    @Operation(operationId = "historySql", summary = "One read-only SELECT (WITH ... SELECT allowed) answered by DuckDB"
            + " over the snapshot files: a view per map named as the map (\"inventory.nodes\") holding every version"
            + " (_key, _op, _commit_time, _revision, value), and a table macro per map, \"<map>@asof\"(instant), with"
            + " each live key's record as of then. At most snapshots.history.sql-max-rows rows (truncated: true"
            + " beyond), cancelled after snapshots.history.sql-timeout. Body: {\"sql\": \"...\"}")
    @RequestBody(required = true, description = "The query",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SqlBodies.HistoryQuery.class)))
    @ApiResponse(responseCode = "200", description = "The columns and rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SqlBodies.HistoryAnswer.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON or no sql (malformed-json), not one SELECT (sql-not-read-only), or DuckDB refused it (sql-error)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is over rest.max-body-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "501", description = "The snapshot store is S3 (history-sql-unsupported)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The query ran longer than snapshots.history.sql-timeout (sql-timeout)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Post(uri = "/v1/history/sql", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    ObjectNode query(@Nullable @Body String body) {
        var request = bodies.parse(body);
        if (!request.path("sql").isTextual() || request.path("sql").asText().isBlank()) {
            throw ApiProblem.badRequest("malformed-json", "the body must be {\"sql\": \"SELECT ...\"}");
        }
        return sql.query(request.get("sql").asText());
    }
}
