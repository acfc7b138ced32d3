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
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
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

    @Operation(summary = "Read one entry; If-None-Match answers 304 when unchanged. With asOf (ISO-8601), the entry"
            + " as it was then, from the snapshot files: 404 if it did not exist then, 409 history-not-retained"
            + " before the oldest retained time")
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

    @Operation(summary = "Create or replace one entry; If-Match / If-None-Match make it conditional")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Put(uri = "/{key}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> put(String map, String key, @Nullable @Body String body,
                             @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                             @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RecordMap target = maps.recordMap(map);
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

    @Operation(summary = "Delete one entry; If-Match makes it conditional")
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Delete("/{key}")
    HttpResponse<Void> delete(String map, String key, @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        RecordMap target = maps.recordMap(map);
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
    @ApiResponse(responseCode = "200", description = "The record as written, with its new ETag",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "ETag", description = "The new record's tag"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @ApiResponse(responseCode = "400", description = "The patch is not JSON (malformed-json), or the merged record does"
            + " not match the schema (invalid-record, naming the field); nothing is written",
            content = @Content(mediaType = SnapshotsController.PROBLEM))
    @ApiResponse(responseCode = "404", description = "No such entry (entry-not-found), unknown map or map without schema",
            content = @Content(mediaType = SnapshotsController.PROBLEM))
    @ApiResponse(responseCode = "412", description = "If-Match does not name the current record (precondition-failed)",
            content = @Content(mediaType = SnapshotsController.PROBLEM))
    @ApiResponse(responseCode = "415", description = "The body is not application/merge-patch+json",
            content = @Content(mediaType = SnapshotsController.PROBLEM))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Patch(uri = "/{key}", consumes = MERGE_PATCH, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> patch(String map, String key, @Nullable @Body String body,
                               @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch) {
        RecordMap target = maps.recordMap(map);
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
