package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.snapgrid.node.rest.api.Batches;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.snapgrid.records.RecordValidationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Bulk operations. Every key gets its own result, in request order; a bad entry is reported and skipped,
 * and the good ones are applied in one bulk call.
 */
@Controller(value = "/v1/maps/{map}/batch", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
final class BatchController {

    private final RecordMaps maps;
    private final RecordBodies bodies;
    private final ObjectMapper json;
    private final EntryPatches patches;
    private final int maxEntries;

    BatchController(RecordMaps maps, RecordBodies bodies, EntryPatches patches, ObjectMapper json,
                    SnapgridSettings settings) {
        this.maps = maps;
        this.patches = patches;
        this.bodies = bodies;
        this.json = json;
        this.maxEntries = settings.rest().maxBatchEntries();
    }

    @Operation(operationId = "batchPut", summary = "Put many entries: {\"entries\": [{\"key\": …, \"value\": {…}}]}")
    @RequestBody(required = true, description = "Entries to write; each value a record of the map's schema",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Puts.class)))
    @ApiResponse(responseCode = "200", description = "One result per item, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Results.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), not an object with the array (malformed-batch), or an invalid map name; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "More items than rest.max-batch-entries, or a body over rest.max-body-bytes; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Post("/put")
    ObjectNode put(String map, @Nullable @Body String body) {
        RecordMap target = maps.forWrite(map);
        ArrayNode entries = list(bodies.parse(body), "entries");
        Results results = new Results(entries.size());
        Map<String, GenericRecord> good = new LinkedHashMap<>();
        forEachEntry(entries, "value", results, (slot, key, value) -> {
            try {
                good.put(key, target.type().toCompact(target.type().fromJson(value)));
                results.status(slot, 200);
            } catch (RecordValidationException e) {
                results.error(slot, 400, RecordBodies.invalidRecord(e).detail(), e.path());
            }
        });
        target.map().putAll(good);
        return results.toJson();
    }

    @Operation(operationId = "batchPatch", summary = "Patch many entries with JSON merge patches: {\"entries\": [{\"key\": …, \"patch\": {…}}]};"
            + " each entry is patched as PATCH on the entry does it (atomically per key, validated after merging),"
            + " with a per-key result: 200 with the value, 400 naming the field, or 404")
    @RequestBody(required = true, description = "Merge patches to apply, one per key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Patches.class)))
    @ApiResponse(responseCode = "200", description = "One result per item, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Results.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), not an object with the array (malformed-batch), or an invalid map name; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "More items than rest.max-batch-entries, or a body over rest.max-body-bytes; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Post("/patch")
    ObjectNode patch(String map, @Nullable @Body String body) {
        RecordMap target = maps.forWrite(map);
        ArrayNode entries = list(bodies.parse(body), "entries");
        Results results = new Results(entries.size());
        forEachEntry(entries, "patch", results, (slot, key, patch) -> {
            try {
                results.value(slot, patches.apply(target, key, patch, null).tree());
            } catch (ApiProblem refused) {
                Object field = refused.extensions().get("field");
                results.error(slot, refused.status().getCode(), refused.detail(), field == null ? null : field.toString());
            }
        });
        return results.toJson();
    }

    @Operation(operationId = "batchGet", summary = "Get many entries: {\"keys\": […]}")
    @RequestBody(required = true, description = "Keys to read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Keys.class)))
    @ApiResponse(responseCode = "200", description = "One result per item, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Results.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), not an object with the array (malformed-batch), or an invalid map name; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "More items than rest.max-batch-entries, or a body over rest.max-body-bytes; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Post("/get")
    ObjectNode get(String map, @Nullable @Body String body) {
        return perKey(maps.recordMap(map), body, (target, keys) -> target.existing().map(m -> m.getAll(keys)).orElse(Map.of()), (results, slot, target, value) -> {
            if (value == null) {
                results.error(slot, 404, "no such entry", null);
            } else {
                results.value(slot, bodies.render(target.type(), value).tree());
            }
        });
    }

    @Operation(operationId = "batchDelete", summary = "Delete many entries: {\"keys\": […]}")
    @RequestBody(required = true, description = "Keys to delete",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Keys.class)))
    @ApiResponse(responseCode = "200", description = "One result per item, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Batches.Results.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), not an object with the array (malformed-batch), or an invalid map name; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "More items than rest.max-batch-entries, or a body over rest.max-body-bytes; nothing is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Post("/delete")
    ObjectNode delete(String map, @Nullable @Body String body) {
        return perKey(maps.forWrite(map), body, (target, keys) -> target.existing()
                        .map(m -> m.executeOnKeys(keys, new RemoveEntry())).orElse(Map.of()),
                (results, slot, target, removed) -> {
                    if (Boolean.TRUE.equals(removed)) {
                        results.status(slot, 204);
                    } else {
                        results.error(slot, 404, "no such entry", null);
                    }
                });
    }

    /** A {"keys": […]} batch: invalid keys are reported, the valid ones go to one bulk call. */
    private <V> ObjectNode perKey(RecordMap target, String body, BiFunction<RecordMap, Set<String>, Map<String, V>> bulk,
                                  KeyOutcome<V> outcome) {
        ArrayNode keys = list(bodies.parse(body), "keys");
        Results results = new Results(keys.size());
        Map<String, V> answers = bulk.apply(target, validKeys(keys, results));
        results.forEachPending((slot, key) -> outcome.report(results, slot, target, answers.get(key)));
        return results.toJson();
    }

    private interface KeyOutcome<V> {
        void report(Results results, int slot, RecordMap target, V answer);
    }

    private ArrayNode list(JsonNode body, String field) {
        if (!body.isObject() || !body.path(field).isArray()) {
            throw ApiProblem.badRequest("malformed-batch", "the body must be an object with an array '" + field + "'");
        }
        ArrayNode items = (ArrayNode) body.get(field);
        if (items.size() > maxEntries) {
            throw ApiProblem.tooLarge("a batch holds at most " + maxEntries + " items (rest.max-batch-entries), got "
                    + items.size()).with("limit", maxEntries);
        }
        return items;
    }

    private Set<String> validKeys(ArrayNode keys, Results results) {
        Set<String> valid = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : keys) {
            String key = node.isTextual() ? node.asText() : null;
            int slot = results.slot(key);
            String problem = keyProblem(key, seen);
            if (problem == null) {
                valid.add(key);
                results.pending(slot, key);
            } else {
                results.error(slot, 400, problem, null);
            }
        }
        return valid;
    }

    /** Hands on each entry with a string key seen once and an object {@code member}; reports the others as 400. */
    private static void forEachEntry(ArrayNode entries, String member, Results results, EntryAction action) {
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : entries) {
            String key = entry.path("key").isTextual() ? entry.get("key").asText() : null;
            int slot = results.slot(key);
            String problem = keyProblem(key, seen);
            if (problem == null && !entry.path(member).isObject()) {
                problem = "each entry needs an object '" + member + "'";
            }
            if (problem != null) {
                results.error(slot, 400, problem, null);
            } else {
                action.apply(slot, key, entry.get(member));
            }
        }
    }

    private interface EntryAction {
        void apply(int slot, String key, JsonNode member);
    }

    private static String keyProblem(String key, Set<String> seen) {
        if (key == null) {
            return "each key must be a string";
        }
        return seen.add(key) ? null : "key appears more than once in the batch";
    }

    /** Per-key results in request order. */
    private final class Results {
        private final List<ObjectNode> rows;
        private final Map<Integer, String> pending = new LinkedHashMap<>();

        Results(int size) {
            rows = new ArrayList<>(size);
        }

        int slot(String key) {
            ObjectNode row = json.createObjectNode();
            row.put("key", key);
            rows.add(row);
            return rows.size() - 1;
        }

        void pending(int slot, String key) {
            pending.put(slot, key);
        }

        void forEachPending(java.util.function.BiConsumer<Integer, String> action) {
            pending.forEach(action);
        }

        void status(int slot, int status) {
            rows.get(slot).put("status", status);
        }

        void value(int slot, ObjectNode value) {
            status(slot, 200);
            rows.get(slot).set("value", value);
        }

        void error(int slot, int status, String message, String field) {
            status(slot, status);
            rows.get(slot).put("error", message);
            if (field != null) {
                rows.get(slot).put("field", field);
            }
        }

        ObjectNode toJson() {
            ObjectNode body = json.createObjectNode();
            body.putArray("results").addAll(rows);
            return body;
        }
    }
}
