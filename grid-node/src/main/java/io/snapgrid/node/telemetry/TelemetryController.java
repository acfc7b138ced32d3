package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import io.snapgrid.node.rest.api.Problem;
import io.snapgrid.node.rest.api.Telemetry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.node.security.Role;
import io.snapgrid.node.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * POST /v1/telemetry, a JSON array of events or NDJSON (one event per line). Each event is checked on its own:
 * invalid ones are reported with a reason and a field and skipped, valid ones are written. 202 once the valid events are durable in the grid; 400 (problem+json, with the
 * same counts and results) when every event of a non-empty batch was rejected, so that nothing was accepted.
 */
@Controller(value = "/v1/telemetry", consumes = {MediaType.APPLICATION_JSON, TelemetryController.NDJSON}, produces = MediaType.APPLICATION_JSON)
final class TelemetryController {

    /** NDJSON's media type: one JSON object per line. */
    static final String NDJSON = "application/x-ndjson";

    private final TelemetryIngest ingest;
    private final EventParser eventParser;
    private final ObjectMapper json;
    private final int maxEvents;

    TelemetryController(TelemetryIngest ingest, ObjectMapper json, SnapgridSettings settings) {
        this.ingest = ingest;
        this.eventParser = ingest.parser();
        this.json = json;
        this.maxEvents = settings.telemetry().maxBatchEvents();
    }

    @Operation(operationId = "ingestTelemetry", summary = "Ingest telemetry: a JSON array of {id, xname, kind, value,"
            + " eventTime}, or the same events as NDJSON (application/x-ndjson, one per line). 202 with a result per"
            + " event (accepted, duplicate or rejected with reason and field) once the accepted ones are written with"
            + " their backups; 400 if every event was rejected; 413 over telemetry.max-batch-events")
    @RequestBody(required = true, description = "A JSON array of events: {\"id\": 1-128 of [A-Za-z0-9._:@-],"
            + " \"xname\": a node xname such as x1000c4s4b1n1, \"kind\": heartbeat|power|temperature|fan|voltage,"
            + " \"value\": none for heartbeat, 0 or 1 for power, a number otherwise, \"eventTime\": epoch"
            + " milliseconds or an ISO-8601 time with an offset}",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    array = @ArraySchema(schema = @Schema(implementation = Telemetry.Event.class))),
                    @Content(mediaType = NDJSON, schema = @Schema(type = "string",
                            description = "the same events, one JSON object per line"))})
    @ApiResponse(responseCode = "202", description = "The valid events are written with their backups. Body:"
            + " {receivedAt, accepted, duplicates, rejected, results: [{index, id, status: accepted|duplicate|rejected,"
            + " reason?, field?}]} in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Telemetry.Report.class)))
    @ApiResponse(responseCode = "400", description = "problem+json: malformed-json (not JSON, or a line of NDJSON that is"
            + " not), malformed-batch (not an array), or"
            + " invalid-events (every event rejected; carries the same counts and results)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "problem+json: more events than telemetry.max-batch-events or a"
            + " body over rest.max-body-bytes; nothing written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "problem+json ingest-unavailable: some writes were not confirmed;"
            + " re-sending the batch is safe (written events come back as duplicates)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is neither application/json nor application/x-ndjson",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = Roles.BEARER, scopes = Roles.WRITER)
    @Role(Roles.WRITER)
    @Post
    HttpResponse<ObjectNode> ingest(@Nullable @Body byte[] body,
                                    @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType) {
        long receivedAt = System.currentTimeMillis();
        List<EventParser.Parsed> events = read(body == null ? new byte[0] : body, isNdjson(contentType), receivedAt);
        TelemetryIngest.Report report = ingest.ingest(events, receivedAt);
        long rejected = report.count(TelemetryIngest.Status.REJECTED);
        if (rejected > 0 && rejected == events.size()) {
            ApiProblem problem = ApiProblem.badRequest("invalid-events", "none of the " + rejected
                    + " events is valid, so nothing was written; each result says why");
            render(report).properties().forEach(field -> problem.with(field.getKey(), field.getValue()));
            throw problem;
        }
        return HttpResponse.<ObjectNode>status(HttpStatus.ACCEPTED).body(render(report));
    }

    private static boolean isNdjson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(NDJSON);
    }

    /**
     * The events of a body in order, parsed as they stream past: a JSON array of events, or NDJSON (one event per
     * line). Nothing is written before the whole body has been read, so a malformed one writes nothing.
     */
    private List<EventParser.Parsed> read(byte[] body, boolean ndjson, long receivedAt) {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw ApiProblem.badRequest("malformed-json", "the request needs a body: " + (ndjson
                        ? "events as JSON objects, one per line" : "a JSON array of events"));
            }
            if (!ndjson && token != JsonToken.START_ARRAY) {
                throw ApiProblem.badRequest("malformed-batch", "the body must be a JSON array of events");
            }
            List<EventParser.Parsed> events = new ArrayList<>();
            int count = 0;
            for (token = ndjson ? token : parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
                 token = parser.nextToken()) {
                if (++count > maxEvents) {
                    parser.skipChildren(); // counted only, for the message
                } else {
                    events.add(eventParser.parse(parser, receivedAt));
                }
            }
            if (token == JsonToken.END_ARRAY && parser.nextToken() != null) {
                throw ApiProblem.badRequest("malformed-json", "the body is not valid JSON: more after the array");
            }
            if (token == null && !ndjson) {
                throw ApiProblem.badRequest("malformed-json", "the body is not valid JSON: the array is not closed");
            }
            if (count > maxEvents) {
                throw ApiProblem.tooLarge("a batch holds at most " + maxEvents + " events"
                        + " (telemetry.max-batch-events), got " + count).with("limit", maxEvents);
            }
            return events;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("malformed-json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array
        }
    }

    private ObjectNode render(TelemetryIngest.Report report) {
        ObjectNode body = json.createObjectNode();
        body.put("receivedAt", Instant.ofEpochMilli(report.receivedAt()).toString());
        body.put("accepted", report.count(TelemetryIngest.Status.ACCEPTED));
        body.put("duplicates", report.count(TelemetryIngest.Status.DUPLICATE));
        body.put("rejected", report.count(TelemetryIngest.Status.REJECTED));
        ArrayNode results = body.putArray("results");
        for (TelemetryIngest.Result result : report.results()) {
            ObjectNode row = results.addObject();
            row.put("index", result.index());
            row.put("id", result.id());
            row.put("status", result.status().name().toLowerCase(Locale.ROOT));
            if (result.reason() != null) {
                row.put("reason", result.reason());
            }
            if (result.field() != null) {
                row.put("field", result.field());
            }
        }
        return body;
    }
}
