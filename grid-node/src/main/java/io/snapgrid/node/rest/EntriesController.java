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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Single entries of a schema-bound map, with ETags for caching and optimistic concurrency. */
@Controller("/v1/maps/{map}/entries")
final class EntriesController {

    private final RecordMaps maps;
    private final RecordBodies bodies;
    private final EntryHistory history;

    EntriesController(RecordMaps maps, RecordBodies bodies, EntryHistory history) {
        this.maps = maps;
        this.bodies = bodies;
        this.history = history;
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

    /** The stored value the client's If-Match names; the later write compares against exactly this value. */
    private GenericRecord requireMatch(RecordMap target, String key, String ifMatch) {
        RecordBodies.Validated current = current(target, key);
        if (current == null) {
            throw ApiProblem.preconditionFailed("entry '" + key + "' does not exist");
        }
        if (!EntityTags.matches(ifMatch, current.etag(), false)) {
            throw ApiProblem.preconditionFailed("entry '" + key + "' has ETag " + current.etag() + ", not " + ifMatch)
                    .with("etag", current.etag());
        }
        return current.record();
    }

    private RecordBodies.Validated current(RecordMap target, String key) {
        return target.existing().map(existing -> existing.get(key))
                .map(stored -> bodies.render(target.type(), stored)).orElse(null);
    }

    private static ApiProblem entryNotFound(String map, String key) {
        return ApiProblem.notFound("entry-not-found", "map '" + map + "' has no entry '" + key + "'").with("key", key);
    }

    private static <T> MutableHttpResponse<T> withTag(MutableHttpResponse<T> response, String etag) {
        return response.header(HttpHeaders.ETAG, etag).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
