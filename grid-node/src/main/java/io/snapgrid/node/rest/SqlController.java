package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.snapgrid.node.rest.api.SqlBodies;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.sql.SqlColumnMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only SQL over the grid: {"sql": "SELECT …", "params": […]}. */
@Controller("/v1/sql")
final class SqlController {

    private final RecordBodies bodies;
    private final SqlReads sql;
    private final int maxRows;

    SqlController(RecordBodies bodies, SqlReads sql, SnapgridSettings settings) {
        this.bodies = bodies;
        this.sql = sql;
        this.maxRows = settings.rest().sqlMaxRows();
    }

    @Operation(operationId = "runSql", summary = "Run one read-only SELECT with positional parameters")
    @RequestBody(required = true, description = "The query and its parameters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SqlBodies.Query.class)))
    @ApiResponse(responseCode = "200", description = "The columns and rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SqlBodies.Answer.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), no sql or bad params (malformed-query), not one SELECT (read-only-sql), or the grid refused it (sql-error)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is over rest.max-body-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    Map<String, Object> query(@Nullable @Body String body) {
        JsonNode request = bodies.parse(body);
        if (!request.path("sql").isTextual()) {
            throw ApiProblem.badRequest("malformed-query", "the body must be an object with a string 'sql'");
        }
        String text = request.get("sql").asText();
        String problem = SqlText.singleStatementProblem(text);
        if (problem == null && !SqlText.firstKeyword(text).equals("SELECT")) {
            problem = "only SELECT queries are allowed";
        }
        if (problem != null) {
            throw ApiProblem.badRequest("read-only-sql", problem);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<List<SqlColumnMetadata>> columns = new ArrayList<>(1);
        boolean truncated = sql.query(text, params(request.path("params")), maxRows, columns::add,
                row -> rows.add(SqlReads.asMap(row, columns.get(0))));
        answer.put("columns", SqlReads.describe(columns.get(0)));
        answer.put("rows", rows);
        answer.put("truncated", truncated);
        return answer;
    }

    private static List<Object> params(JsonNode node) {
        List<Object> params = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return params;
        }
        if (!node.isArray()) {
            throw ApiProblem.badRequest("malformed-query", "'params' must be an array");
        }
        for (JsonNode param : node) {
            if (param.isNull()) {
                params.add(null);
            } else if (param.isTextual()) {
                params.add(param.asText());
            } else if (param.isBoolean()) {
                params.add(param.asBoolean());
            } else if (param.canConvertToInt()) {
                params.add(param.intValue());
            } else if (param.canConvertToLong()) {
                params.add(param.longValue());
            } else if (param.isNumber()) {
                params.add(param.doubleValue());
            } else {
                throw ApiProblem.badRequest("malformed-query", "parameters must be strings, numbers, booleans or null");
            }
        }
        return params;
    }
}
