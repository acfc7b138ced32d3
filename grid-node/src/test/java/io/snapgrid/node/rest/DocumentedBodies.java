package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * JSON values made from the document's schemas alone, as a client that knows nothing but the document would make
 * them: {@link #valid} one that matches, {@link #broken} one that a field, type or member away from matching.
 */
final class DocumentedBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private final JsonNode document;
    private final Random random;

    DocumentedBodies(JsonNode document, Random random) {
        this.document = document;
        this.random = random;
    }

    /** The schema of an operation's request body for a media type, or null if it has none. */
    JsonNode requestSchema(String path, String method, String mediaType) {
        JsonNode schema = document.path("paths").path(path).path(method).path("requestBody").path("content")
                .path(mediaType).path("schema");
        return schema.isMissingNode() ? null : schema;
    }

    JsonNode valid(JsonNode schema) {
        return valid(schema, 0);
    }

    private JsonNode valid(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("allOf")) {
            return valid(schema.get("allOf").get(0), depth);
        }
        if (schema.has("oneOf")) {
            return valid(schema.get("oneOf").get(random.nextInt(schema.get("oneOf").size())), depth);
        }
        if (schema.has("enum")) {
            JsonNode symbols = schema.get("enum");
            return symbols.get(random.nextInt(symbols.size()));
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "string" -> NODES.textNode("date-time".equals(schema.path("format").asText())
                    ? "2026-01-01T00:00:00Z" : "v" + random.nextInt(1000));
            case "integer" -> NODES.numberNode(random.nextInt(1000));
            case "number" -> NODES.numberNode(random.nextInt(1000) / 4.0);
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < MAX_DEPTH) {
                    array.add(valid(schema.get("items"), depth + 1));
                }
                yield array;
            }
            default -> object(schema, depth);
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext() && depth < MAX_DEPTH) {
            Map.Entry<String, JsonNode> property = properties.next();
            object.set(property.getKey(), valid(property.getValue(), depth + 1));
        }
        JsonNode values = schema.path("additionalProperties");
        if (values.isObject() && depth < MAX_DEPTH) {
            object.set("k" + random.nextInt(10), valid(values, depth + 1));
        }
        return object;
    }

    /** A valid value with one thing wrong: a required member gone, a member of the wrong type, or an unknown one. */
    JsonNode broken(JsonNode schema) {
        JsonNode value = valid(schema);
        if (!(value instanceof ObjectNode object) || object.isEmpty()) {
            return NODES.textNode("not " + value);
        }
        String field = object.fieldNames().next();
        switch (random.nextInt(3)) {
            case 0 -> object.remove(field);
            case 1 -> object.put(field, random.nextBoolean() ? NODES.arrayNode().add(1) : NODES.numberNode(1e308));
            default -> object.put("unknown" + random.nextInt(100), "x");
        }
        return object;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            schema = document.path("components").path("schemas").path(name);
        }
        return schema;
    }
}
