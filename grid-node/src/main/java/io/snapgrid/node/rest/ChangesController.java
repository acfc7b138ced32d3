package io.snapgrid.node.rest;

import io.snapgrid.node.rest.api.Problem;
import io.swagger.v3.oas.annotations.media.Schema;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.snapgrid.records.RecordType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.reactivestreams.Publisher;

import java.util.function.Predicate;

/** A map's changes as Server-Sent Events, from whichever member the client reached (see {@link ChangeWindow}). */
@Controller("/v1/maps/{map}/changes")
final class ChangesController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final RecordMaps maps;
    private final ChangeWindows windows;

    ChangesController(RecordMaps maps, ChangeWindows windows) {
        this.maps = maps;
        this.windows = windows;
    }

    @Operation(summary = "Follow a map's changes as Server-Sent Events: first 'subscribed', then one 'put' ({key,"
            + " value, revision}: revision is the entry's new ETag) or 'remove' ({key, cause}) per change, in the order"
            + " this member heard them, and 'clear' or 'gap' when changes were wiped or may be missing. where takes"
            + " field = literal and field <> literal joined by AND (as asOf listings do); a put is sent when the value"
            + " before or after it matches. Last-Event-ID resumes after that event if it is among the last"
            + " rest.change-window changes this member kept, else a 'gap' event says changes were missed. A subscriber"
            + " that falls rest.change-window changes behind gets a final 'cut-off' event and the stream ends",
            operationId = "followChanges")
    @ApiResponse(responseCode = "200", description = "The stream of events; it ends only with 'cut-off'",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM))
    @ApiResponse(responseCode = "400", description = "where is not field = literal joined by AND (invalid-filter),"
            + " Last-Event-ID is not one this feed sent (invalid-last-event-id), or the map name is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No storage class matches the map (unknown-map), or its class"
            + " binds no schema (map-without-schema)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.READER)
    @Role(Roles.READER)
    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> follow(String map, @Nullable @QueryValue String where,
                                    @Nullable @Header(LAST_EVENT_ID) String lastEventId) {
        RecordMap target = maps.recordMap(map);
        Predicate<GenericRecord> filter = filter(target.type(), where);
        if (lastEventId != null) {
            ChangeWindow.requireEventId(lastEventId);
        }
        return windows.window(target).changes(lastEventId, filter);
    }

    /** The as-of listings' rule over the grid's records; a value the schema cannot read is sent, not hidden. */
    private static Predicate<GenericRecord> filter(RecordType type, String where) {
        if (where == null || where.isBlank()) {
            return value -> true;
        }
        Predicate<org.apache.avro.generic.GenericRecord> matches = AsOfFilter.parse(where);
        return value -> {
            try {
                return matches.test(type.toAvro(value));
            } catch (RuntimeException e) {
                return true;
            }
        };
    }
}
