package io.snapgrid.node.rest;

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

    @Operation(summary = "Run one read-only SELECT with positional parameters")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
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
