package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.snapgrid.node.rest.api.EntryPage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.records.SqlMappings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Filtered listing of a map's entries. Pages are keyset pages ordered by key: the cursor is the last key
 * returned, so entries written or removed elsewhere never shift or repeat the rest of the listing.
 */
@Controller("/v1/maps/{map}/entries")
final class QueryController {

    private static final int DEFAULT_LIMIT = 100;

    private final RecordMaps maps;
    private final RecordBodies bodies;
    private final SqlReads sql;
    private final SqlMappings mappings;
    private final ObjectMapper json;
    private final EntryHistory history;
    private final int maxPageSize;

    QueryController(RecordMaps maps, RecordBodies bodies, SqlReads sql, SqlMappings mappings, ObjectMapper json,
                    EntryHistory history, SnapgridSettings settings) {
        this.history = history;
        this.maps = maps;
        this.bodies = bodies;
        this.sql = sql;
        this.mappings = mappings;
        this.json = json;
        this.maxPageSize = settings.rest().maxPageSize();
    }

    @Operation(operationId = "listEntries", summary = "List entries matching a SQL predicate over the schema's scalar fields, a page at a time."
            + " With asOf (ISO-8601), the map as it was then, from the snapshot files; where then takes field ="
            + " literal and field <> literal joined by AND; 409 history-not-retained before the oldest retained time")
    @ApiResponse(responseCode = "200", description = "A page of entries in key order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryPage.class)))
    @ApiResponse(responseCode = "400", description = "where is not a predicate over the schema's scalar fields (invalid-filter), or an invalid limit, cursor, asOf or map name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "asOf lies before the oldest retained time (history-not-retained)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get(produces = MediaType.APPLICATION_JSON)
    ObjectNode list(String map, @Nullable @QueryValue String where, @Nullable @QueryValue Integer limit,
                    @Nullable @QueryValue String cursor, @Nullable @QueryValue String asOf) {
        RecordMap target = maps.recordMap(map);
        int pageSize = pageSize(limit, maxPageSize);
        if (asOf != null) {
            return history.asOf(target, EntryHistory.instant("asOf", asOf), AsOfFilter.parse(where), pageSize, cursor);
        }
        boolean filtered = where != null && !where.isBlank();
        String problem = filtered ? SqlText.predicateProblem(where) : null;
        if (problem != null) {
            throw ApiProblem.badRequest("invalid-filter", "where: " + problem);
        }
        String after = cursor == null ? null : decodeCursor(cursor);
        Optional<IMap<String, GenericRecord>> existing = target.existing();
        if (existing.isEmpty()) {
            return page(List.of(), Map.of(), false, target);
        }
        mappings.ensure(target.name(), target.type());
        StringBuilder query = new StringBuilder("SELECT __key FROM ").append(SqlMappings.quote(target.name()));
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filtered) {
            conditions.add("(" + where + ")");
        }
        if (after != null) {
            conditions.add("__key > ?");
            params.add(after);
        }
        if (!conditions.isEmpty()) {
            query.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        query.append(" ORDER BY __key LIMIT ").append(pageSize + 1);

        List<String> keys = new ArrayList<>(pageSize + 1);
        sql.query(query.toString(), params, pageSize + 1, columns -> { }, row -> keys.add(row.getObject(0)));
        boolean more = keys.size() > pageSize;
        List<String> page = more ? keys.subList(0, pageSize) : keys;
        return page(page, existing.get().getAll(new java.util.LinkedHashSet<>(page)), more, target);
    }

    private ObjectNode page(List<String> page, Map<String, GenericRecord> values, boolean more, RecordMap target) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (String key : page) {
            GenericRecord value = values.get(key);
            if (value != null) {
                ObjectNode item = items.addObject();
                item.put("key", key);
                item.set("value", bodies.render(target.type(), value).tree());
            }
        }
        body.put("nextCursor", more ? encodeCursor(page.get(page.size() - 1)) : null);
        return body;
    }

    static int pageSize(Integer limit, int maxPageSize) {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and " + maxPageSize + " (rest.max-page-size)");
        }
        return pageSize;
    }

    static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-cursor", "cursor is not one this API issued");
        }
    }
}
