package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.snapgrid.node.testing.Http;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served OpenAPI document as independent tools read it: swagger-parser parses it (and must report no problem),
 * networknt's validator checks answers against its schemas (OpenAPI 3.0 dialect). Neither is Micronaut's generator.
 */
final class OpenApiContract {

    private static final String DOCUMENT = "https://snapgrid.invalid/openapi.json";
    private static final tools.jackson.databind.ObjectMapper JSON3 = JsonMapper.builder().build();

    final OpenAPI api;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    OpenApiContract(String yaml) throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(yaml, null, options);
        if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new AssertionError("swagger-parser finds the served document invalid: " + parsed.getMessages());
        }
        this.api = parsed.getOpenAPI();
        this.document = io.swagger.v3.core.util.Yaml.mapper().readTree(yaml);
        String json = Http.JSON.writeValueAsString(document);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
                builder -> builder.schemas(Map.of(DOCUMENT, json)));
    }

    /** A documented operation: its path template, method and the parser's model of it. */
    record Documented(String path, String method, Operation operation) {
        String id() {
            return operation.getOperationId();
        }

        boolean hasInput() {
            return (operation.getParameters() != null && !operation.getParameters().isEmpty())
                    || operation.getRequestBody() != null;
        }
    }

    List<Documented> operations() {
        List<Documented> all = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                all.add(new Documented(path, method.name().toLowerCase(Locale.ROOT), operation))));
        return all;
    }

    Documented operation(String id) {
        return operations().stream().filter(each -> id.equals(each.id())).findFirst()
                .orElseThrow(() -> new AssertionError("the document has no operation " + id));
    }

    /**
     * The reasons the answer breaks the document: its status is not documented for the operation, its media type is
     * not the documented one, or its JSON body does not match the documented schema. Empty when it conforms.
     */
    List<String> violations(Documented op, Http.Reply reply) {
        List<String> problems = new ArrayList<>();
        String status = Integer.toString(reply.status());
        ApiResponse response = op.operation().getResponses().get(status);
        if (response == null) {
            problems.add(op.id() + ": status " + status + " is not documented (" + reply + ")");
            return problems;
        }
        if (response.getContent() == null || response.getContent().isEmpty()) {
            if (reply.body() != null && !reply.body().isEmpty()) {
                problems.add(op.id() + " " + status + ": documented without a body, sent " + reply);
            }
            return problems;
        }
        String mediaType = reply.contentType() == null ? null : reply.contentType().split(";")[0].trim();
        if (!response.getContent().containsKey(mediaType)) {
            problems.add(op.id() + " " + status + ": media type " + mediaType + " is not one of "
                    + response.getContent().keySet() + " (" + reply + ")");
            return problems;
        }
        if (!mediaType.endsWith("json")) {
            return problems;
        }
        String pointer = "/paths/" + escape(op.path()) + "/" + op.method() + "/responses/" + status + "/content/"
                + escape(mediaType) + "/schema";
        tools.jackson.databind.JsonNode body;
        try {
            body = JSON3.readTree(reply.body());
        } catch (RuntimeException e) {
            problems.add(op.id() + " " + status + ": body is not JSON: " + reply);
            return problems;
        }
        for (Error error : schema(pointer).validate(body)) {
            problems.add(op.id() + " " + status + ": " + error + " in " + abbreviate(reply.body()));
        }
        return problems;
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, absent -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + absent)));
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }

    /** Path templates with their variables unnamed, so that the router's and the document's compare. */
    static String shape(String template) {
        return template.replaceAll("\\{[^}]*}", "{}");
    }

    /** The document as JSON, for {@link DocumentedBodies}. */
    JsonNode document() {
        return document;
    }
}
