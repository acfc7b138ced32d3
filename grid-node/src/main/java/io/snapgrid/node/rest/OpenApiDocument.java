package io.snapgrid.node.rest;

import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.records.RecordType;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI document this node serves: the one micronaut-openapi generated from the controllers at build time, plus
 * what only the running node knows. The build cannot know which maps are configured, so for every storage class that
 * names one map and binds a schema, the map's record schema is added as components named after the Avro full names,
 * and each generic /v1/maps/{map}/... path is added again for that map with the map name filled in and its record
 * schema in place of the free-form RecordValue. Security answers (401, 403) are added to every operation, since they
 * come from a filter, not from the controllers.
 */
@Singleton
final class OpenApiDocument {

    static final String GENERATED = "META-INF/swagger/snapgrid-v1.yml";
    private static final String MAP_PATHS = "/v1/maps/{map}/";
    private static final String RECORD_VALUE = AvroJsonSchemas.COMPONENTS + "RecordValue";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final String yaml;

    OpenApiDocument(SnapgridSettings settings) {
        Map<String, Object> document = generated();
        untypeAlternatives(section(section(document, "components"), "schemas"));
        addSecurityAnswers(document);
        settings.storageClasses().all().stream()
                .filter(storageClass -> !storageClass.match().endsWith(".") && storageClass.schema().isPresent())
                .forEach(storageClass -> addMap(document, storageClass));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        this.yaml = new Yaml(new Representer(options), options).dump(document);
    }

    String yaml() {
        return yaml;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> generated() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(GENERATED)) {
            if (in == null) {
                throw new IllegalStateException(GENERATED + " is missing: micronaut-openapi writes it at compile time");
            }
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * micronaut-openapi writes "type: object" beside the oneOf of a class-level @Schema, which no scalar alternative
     * could then match; the alternatives alone say what the value may be (SqlValue: a string, number or boolean).
     */
    @SuppressWarnings("unchecked")
    private static void untypeAlternatives(Map<String, Object> schemas) {
        schemas.values().forEach(schema -> {
            if (schema instanceof Map<?, ?> component && component.containsKey("oneOf")) {
                ((Map<String, Object>) component).remove("type");
            }
        });
    }

    private static void addSecurityAnswers(Map<String, Object> document) {
        forEachOperation(section(document, "paths"), operation -> {
            if (operation.containsKey("security")) {
                Map<String, Object> responses = section(operation, "responses");
                responses.putIfAbsent("401", problemAnswer("With security.enabled: no or an invalid bearer token"
                        + " (unauthorized); nothing ran"));
                responses.putIfAbsent("403", problemAnswer("With security.enabled: the token's roles lack this"
                        + " operation's role (forbidden); nothing ran"));
            }
        });
    }

    /** A new object each time: SnakeYAML would write a shared one as a YAML alias. */
    private static Map<String, Object> problemAnswer(String description) {
        return Map.of("description", description, "content", Map.of("application/problem+json",
                Map.of("schema", Map.of("$ref", AvroJsonSchemas.COMPONENTS + "Problem"))));
    }

    /** The map's record components, and the generic map paths again with the map filled in and typed by its schema. */
    private static void addMap(Map<String, Object> document, StorageClass storageClass) {
        String map = storageClass.match();
        RecordType type = storageClass.schema().orElseThrow();
        Map<String, Object> schemas = section(section(document, "components"), "schemas");
        AvroJsonSchemas.componentsOf(type.avroSchema()).forEach(schemas::putIfAbsent);
        Map<String, Object> paths = section(document, "paths");
        Map<String, Object> added = new TreeMap<>();
        paths.forEach((path, item) -> {
            if (path.startsWith(MAP_PATHS)) {
                added.put("/v1/maps/" + map + "/" + path.substring(MAP_PATHS.length()),
                        forMap(item, map, type.typeName(), schemas));
            }
        });
        paths.putAll(added);
    }

    /** A deep copy of a generic path item for one map: no map parameter, ids and RecordValue made the map's own. */
    @SuppressWarnings("unchecked")
    private static Object forMap(Object node, String map, String typeName, Map<String, Object> schemas) {
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object each : list) {
                if (!(each instanceof Map<?, ?> parameter && "map".equals(parameter.get("name"))
                        && "path".equals(parameter.get("in")))) {
                    copy.add(forMap(each, map, typeName, schemas));
                }
            }
            return copy;
        }
        if (!(node instanceof Map<?, ?>)) {
            return node;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<String, Object>) node).forEach((name, value) -> {
            if (name.equals("$ref")) {
                copy.put(name, typedRef((String) value, typeName, schemas));
            } else if (name.equals("operationId")) {
                copy.put(name, value + "_" + map.replaceAll("[^A-Za-z0-9]", "_"));
            } else {
                copy.put(name, forMap(value, map, typeName, schemas));
            }
        });
        return copy;
    }

    /**
     * RecordValue becomes the map's record; a component that holds records somewhere inside (EntryPage, BatchResults
     * ...) gets a copy for the record type, named "{component}.{Avro full name}"; any other stays shared.
     */
    @SuppressWarnings("unchecked")
    private static String typedRef(String ref, String typeName, Map<String, Object> schemas) {
        if (ref.equals(RECORD_VALUE)) {
            return AvroJsonSchemas.COMPONENTS + typeName;
        }
        String component = ref.substring(AvroJsonSchemas.COMPONENTS.length());
        if (!holdsRecords(schemas.get(component), schemas, new java.util.HashSet<>())) {
            return ref;
        }
        String typed = component + "." + typeName;
        if (!schemas.containsKey(typed)) {
            schemas.put(typed, Map.of());
            schemas.put(typed, forMap(schemas.get(component), "", typeName, schemas));
        }
        return AvroJsonSchemas.COMPONENTS + typed;
    }

    @SuppressWarnings("unchecked")
    private static boolean holdsRecords(Object node, Map<String, Object> schemas, Set<String> seen) {
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(each -> holdsRecords(each, schemas, seen));
        }
        if (!(node instanceof Map<?, ?> map)) {
            return false;
        }
        Object ref = map.get("$ref");
        if (ref instanceof String text && text.startsWith(AvroJsonSchemas.COMPONENTS)) {
            String component = text.substring(AvroJsonSchemas.COMPONENTS.length());
            return text.equals(RECORD_VALUE) || (seen.add(component) && holdsRecords(schemas.get(component), schemas, seen));
        }
        return ((Map<String, Object>) map).values().stream().anyMatch(each -> holdsRecords(each, schemas, seen));
    }

    @SuppressWarnings("unchecked")
    private static void forEachOperation(Map<String, Object> paths, java.util.function.Consumer<Map<String, Object>> action) {
        paths.values().forEach(item -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                action.accept((Map<String, Object>) operation);
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.computeIfAbsent(name, absent -> new LinkedHashMap<>());
    }
}
