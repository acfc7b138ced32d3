package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapgrid.node.testing.Http;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Requests made from the document's operations with bad parts: path variables, query values and headers from pools
 * of odd values, bodies that are not JSON, not the documented shape, or nearly it, and wrong content types. The
 * writes each request could make are named, so that a refused one can be checked to have written nothing.
 */
final class RequestFuzzer {

    private static final Set<String> WRITES = Set.of("putEntry", "patchEntry", "deleteEntry", "batchPut",
            "batchPatch", "batchDelete");
    private static final List<String> TEXT = List.of("0", "-1", "1", "100000", "99999999999999999999", "abc",
            "2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "not-a-time", "state = 'Ready'", "state <> 'Off' AND nid = 3",
            "1=1) OR (1=1", "__key > ''; DROP MAPPING x", "'", "\"", "AAAA", "%%%", "\u00e9\u65e5\u672c",
            "hostname = 'x' OR 1=1", "labels.rack = 'x1000'", "nosuchfield = 1", "a".repeat(300), " ", "null",
            "SELECT", "W/\"x\"");
    private static final List<String> HEADERS = List.of("*", "\"abc\"", "W/\"abc\"", "garbage", "0-0", "abc-12",
            "\"a\", \"b\"", "**", "x-1-2", "1");
    private static final List<String> MAPS = List.of("inventory.nodes", "inventory.components", "inventory.racks",
            "cache.fuzz", "nowhere", "a..b", "-x", "x".repeat(200), "inventory.nodes.", "telemetry.events");
    private static final List<String> KEYS = List.of("f1", "f2", "f3", "a/b", "..", ".", "%", "\u00e9\u00e8",
            "key with spaces", "k".repeat(1500), "?x=1", "#", "\u0000");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            EntriesController.MERGE_PATCH, "application/json", "application/json; charset=utf-8", "");
    private static final List<String> RAW_BODIES = List.of("", "{", "null", "[]", "{}", "42", "\"s\"", "[1, 2]",
            "{\"entries\": []}", "{\"keys\": [null, 1, {}]}", "{\"entries\": [{\"key\": \"f1\"}]}",
            "{\"sql\": 5}", "{\"sql\": \"\"}", "\u00ff\u00fe", "[".repeat(5000), "{\"a\":".repeat(2000) + "1");

    private final DocumentedBodies bodies;
    private final Random random;
    private final List<OpenApiContract.Documented> operations;
    private final List<String> typedMaps;

    RequestFuzzer(OpenApiContract contract, DocumentedBodies bodies, Random random, List<String> typedMaps) {
        this.bodies = bodies;
        this.random = random;
        this.typedMaps = typedMaps;
        this.operations = contract.operations().stream()
                .filter(op -> !op.id().startsWith("getOpenApiDocument")).toList();
    }

    record Target(String map, String key) {
    }

    record Fuzzed(OpenApiContract.Documented operation, String method, String path, String contentType, String body,
                  String[] headers, List<Target> writes) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
            return method.toUpperCase() + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path)
                    + " [" + contentType + "] " + Arrays.toString(headers) + shown;
        }
    }

    Fuzzed next() {
        OpenApiContract.Documented op = operations.get(random.nextInt(operations.size()));
        String map = pick(MAPS);
        String key = pick(KEYS);
        String path = op.path().replace("{map}", encode(map)).replace("{key}", encode(key))
                .replace("{name}", encode(pick(KEYS))).replace("{id}", encode(pick(KEYS)));
        List<String> query = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (Parameter parameter : parameters(op)) {
            if (random.nextBoolean() || Boolean.TRUE.equals(parameter.getRequired()) && random.nextInt(4) > 0) {
                if ("query".equals(parameter.getIn())) {
                    String value = parameter.getName().equals("map") ? pick(MAPS) : pick(TEXT);
                    query.add(parameter.getName() + "=" + encode(value));
                } else if ("header".equals(parameter.getIn())) {
                    headers.add(parameter.getName());
                    headers.add(pick(HEADERS));
                }
            }
        }
        if (!query.isEmpty()) {
            path += "?" + String.join("&", query);
        }
        String contentType = null;
        String body = null;
        if (op.operation().getRequestBody() != null || (!op.method().equals("get") && random.nextInt(4) == 0)) {
            String documentedType = op.operation().getRequestBody() == null ? "application/json"
                    : op.operation().getRequestBody().getContent().keySet().iterator().next();
            contentType = random.nextInt(4) == 0 ? pick(CONTENT_TYPES) : documentedType;
            body = body(op, documentedType);
        }
        return new Fuzzed(op, op.method().toUpperCase(), path, contentType == null || contentType.isEmpty() ? null
                : contentType, body, headers.toArray(String[]::new), writes(op, path, map, key, body));
    }

    private String body(OpenApiContract.Documented op, String mediaType) {
        JsonNode schema = bodies.requestSchema(op.path(), op.method(), mediaType);
        int choice = random.nextInt(3);
        if (schema == null || choice == 0) {
            return pick(RAW_BODIES);
        }
        return (choice == 1 ? bodies.valid(schema) : bodies.broken(schema)).toString();
    }

    private List<Parameter> parameters(OpenApiContract.Documented op) {
        return op.operation().getParameters() == null ? List.of() : op.operation().getParameters();
    }

    /** The stored entries a write could touch, in the maps the node serves (the typed ones). */
    private List<Target> writes(OpenApiContract.Documented op, String path, String map, String key, String body) {
        String id = op.id().replaceAll("_.*", "");
        if (!WRITES.contains(id)) {
            return List.of();
        }
        String target = op.path().startsWith("/v1/maps/{map}") ? map : path.split("/")[3];
        if (!typedMaps.contains(target)) {
            return List.of();
        }
        if (op.path().endsWith("{key}")) {
            return List.of(new Target(target, key));
        }
        List<Target> targets = new ArrayList<>();
        try {
            JsonNode parsed = Http.JSON.readTree(body == null ? "" : body);
            parsed.path("keys").forEach(each -> targets.add(new Target(target, each.asText())));
            parsed.path("entries").forEach(each -> targets.add(new Target(target, each.path("key").asText())));
        } catch (Exception notJson) {
            // Not JSON: nothing in it can name a key.
        }
        return targets;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
