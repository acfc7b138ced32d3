package io.snapgrid.node.rest;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.rest.api.MergePatchDocument;
import io.snapgrid.node.rest.api.Problem;
import io.snapgrid.node.rest.api.RecordValue;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Single entries of a schema-bound map, with ETags for caching and optimistic concurrency. */
@Controller("/v1/maps/{map}/entries")
final class EntriesController {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final RecordMaps maps;
    private final RecordBodies bodies;
    private final EntryHistory history;
    private final EntryPatches patches;

    EntriesController(RecordMaps maps, RecordBodies bodies, EntryHistory history, EntryPatches patches) {
        this.maps = maps;
        this.bodies = bodies;
        this.history = history;
        this.patches = patches;
    }

    @Operation(operationId = "getEntry", summary = "Read one entry; If-None-Match answers 304 when unchanged. With"
            + " asOf (ISO-8601), the entry as it was then, from the snapshot files: 404 if it did not exist then, 409"
            + " history-not-retained before the oldest retained time")
    @ApiResponse(responseCode = "200", description = "The record", headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.ETAG,
            description = "The record's tag, for If-None-Match and If-Match", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordValue.class)))
    @ApiResponse(responseCode = "304", description = "If-None-Match names the current record; no body",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "An invalid map name (invalid-map-name) or asOf (invalid-time)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such entry (entry-not-found), no storage class matches the map"
            + " (unknown-map) or it binds no schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "asOf lies before the oldest retained time (history-not-retained)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get(uri = "/{key}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> get(String map, String key, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                             @Nullable @QueryValue String asOf) {
        RecordMap target = maps.recordMap(map);
        if (asOf != null) {
            return history.asOf(target, key, EntryHistory.instant("asOf", asOf))
                    .map(bodies::text)
                    .map(text -> withTag(HttpResponse.ok(text), EntityTags.of(text)))
                    .orElseThrow(() -> ApiProblem.notFound("entry-not-found", "map '" + map + "' had no entry '"
                            + key + "' at " + asOf).with("key", key).with("asOf", asOf));
        }
        RecordBodies.Validated current = current(target, key);
        if (current == null) {
            throw entryNotFound(map, key);
        }
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, current.etag(), true)) {
            return HttpResponse.<String>notModified().header(HttpHeaders.ETAG, current.etag());
        }
        return withTag(HttpResponse.ok(current.json()), current.etag());
    }

    @Operation(operationId = "putEntry", summary = "Create or replace one entry; If-Match / If-None-Match make it"
            + " conditional")
    @RequestBody(required = true, description = "The record; fields with a default may be left out",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordValue.class)))
    @ApiResponse(responseCode = "200", description = "Replaced: the record as stored", headers = @io.swagger.v3.oas.annotations.headers.Header(
            name = HttpHeaders.ETAG, description = "The new record's tag", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordValue.class)))
    @ApiResponse(responseCode = "201", description = "Created: the record as stored", headers = @io.swagger.v3.oas.annotations.headers.Header(
            name = HttpHeaders.ETAG, description = "The new record's tag", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordValue.class)))
    @ApiResponse(responseCode = "400", description = "Not JSON (malformed-json), not a record of the schema"
            + " (invalid-record, naming the field), an If-None-Match other than * (unsupported-precondition) or an"
            + " invalid map name; nothing is written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map) or it binds no"
            + " schema (map-without-schema)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not name the current record, or If-None-Match: *"
            + " found one (precondition-failed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is over rest.max-body-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Put(uri = "/{key}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> put(String map, String key, @Nullable @Body String body,
                             @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                             @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RecordMap target = maps.forWrite(map);
        RecordBodies.Validated next = bodies.validate(target.type(), bodies.parse(body));
        boolean created;
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw ApiProblem.badRequest("unsupported-precondition", "PUT supports only If-None-Match: *");
            }
            if (target.map().putIfAbsent(key, next.record()) != null) {
                throw ApiProblem.preconditionFailed("entry '" + key + "' already exists");
            }
            created = true;
        } else if (ifMatch != null) {
            GenericRecord expected = requireMatch(target, key, ifMatch);
            if (!target.map().replace(key, expected, next.record())) {
                throw ApiProblem.preconditionFailed("entry '" + key + "' changed concurrently");
            }
            created = false;
        } else {
            created = target.map().put(key, next.record()) == null;
        }
        MutableHttpResponse<String> response = created
                ? HttpResponse.<String>status(HttpStatus.CREATED).body(next.json())
                : HttpResponse.ok(next.json());
        return withTag(response, next.etag());
    }

    @Operation(operationId = "deleteEntry", summary = "Delete one entry; If-Match makes it conditional")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "An invalid map name (invalid-map-name)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such entry (entry-not-found), unknown map or map without"
            + " schema", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not name the current record (precondition-failed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The request carries a Content-Type other than application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Delete("/{key}")
    HttpResponse<Void> delete(String map, String key, @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        RecordMap target = maps.forWrite(map);
        if (ifMatch != null) {
            GenericRecord expected = requireMatch(target, key, ifMatch);
            if (!target.map().remove(key, expected)) {
                throw ApiProblem.preconditionFailed("entry '" + key + "' changed concurrently");
            }
        } else if (target.existing().map(existing -> existing.remove(key)).isEmpty()) {
            throw entryNotFound(map, key);
        }
        return HttpResponse.noContent();
    }

    @Operation(summary = "Change some fields of one entry with a JSON merge patch (RFC 7396, application/merge-patch+json):"
            + " members the patch names are set, null removes one (a nullable field becomes null, a field with a"
            + " default gets it), nested records and maps merge, arrays are replaced. The merged record is validated"
            + " against the schema and written only if no other write came in between (otherwise it is merged"
            + " again onto the newer value), so fields the patch does not name are never lost. If-Match makes it"
            + " conditional", operationId = "patchEntry")
    @RequestBody(required = true, description = "A JSON merge patch of the record", content = @Content(
            mediaType = MERGE_PATCH, schema = @Schema(implementation = MergePatchDocument.class)))
    @ApiResponse(responseCode = "200", description = "The record as written, with its new ETag",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.ETAG, description = "The new record's tag",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecordValue.class)))
    @ApiResponse(responseCode = "400", description = "The patch is not JSON (malformed-json), or the merged record does"
            + " not match the schema (invalid-record, naming the field); nothing is written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No such entry (entry-not-found), unknown map or map without schema",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not name the current record (precondition-failed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is over rest.max-body-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/merge-patch+json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = Problem.WRITE_REFUSED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Patch(uri = "/{key}", consumes = MERGE_PATCH, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> patch(String map, String key, @Nullable @Body String body,
                               @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        RecordMap target = maps.forWrite(map);
        RecordBodies.Validated next = patches.apply(target, key, bodies.parse(body), ifMatch);
        return withTag(HttpResponse.ok(next.json()), next.etag());
    }

    /** The stored value the client's If-Match names; the later write compares against exactly this value. */
    private GenericRecord requireMatch(RecordMap target, String key, String ifMatch) {
        RecordBodies.Validated current = current(target, key);
        if (current == null) {
            throw ApiProblem.preconditionFailed("entry '" + key + "' does not exist");
        }
        EntityTags.requireMatch(ifMatch, current, key);
        return current.record();
    }

    private RecordBodies.Validated current(RecordMap target, String key) {
        return target.existing().map(existing -> existing.get(key))
                .map(stored -> bodies.render(target.type(), stored)).orElse(null);
    }

    static ApiProblem entryNotFound(String map, String key) {
        return ApiProblem.notFound("entry-not-found", "map '" + map + "' has no entry '" + key + "'").with("key", key);
    }

    private static <T> MutableHttpResponse<T> withTag(MutableHttpResponse<T> response, String etag) {
        return response.header(HttpHeaders.ETAG, etag).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
