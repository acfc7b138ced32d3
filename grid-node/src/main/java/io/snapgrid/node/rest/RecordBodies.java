package io.snapgrid.node.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.http.HttpStatus;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.RecordValidationException;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericData;

/** Reads request JSON into validated records and writes stored records back as plain JSON with their ETag. */
@Singleton
final class RecordBodies {

    private final ObjectMapper json;

    RecordBodies(ObjectMapper json) {
        this.json = json;
    }

    JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("malformed-json", "the request needs a JSON body");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("malformed-json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The record in its grid form, plus the canonical JSON it will be read back as. */
    Validated validate(RecordType type, JsonNode value) {
        try {
            GenericData.Record avro = type.fromJson(value);
            ObjectNode tree = type.toJson(avro);
            return new Validated(type.toCompact(avro), tree, text(tree));
        } catch (RecordValidationException e) {
            throw invalidRecord(e);
        }
    }

    Validated render(RecordType type, GenericRecord stored) {
        try {
            ObjectNode tree = type.toJson(stored);
            return new Validated(stored, tree, text(tree));
        } catch (RecordValidationException e) {
            throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "stored-record-invalid",
                    "the stored record does not match the map's schema: " + e.getMessage()).with("field", e.path());
        }
    }

    static ApiProblem invalidRecord(RecordValidationException e) {
        return ApiProblem.badRequest("invalid-record", "the record does not match the map's schema at '"
                + e.path() + "': " + e.getMessage()).with("field", e.path());
    }

    String text(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    record Validated(GenericRecord record, ObjectNode tree, String json) {
        String etag() {
            return EntityTags.of(json);
        }
    }
}
