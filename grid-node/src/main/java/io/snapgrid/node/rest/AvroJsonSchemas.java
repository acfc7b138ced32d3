package io.snapgrid.node.rest;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI 3.0 schema objects for the plain JSON a map's records are read and written as (RecordType's JSON form, not
 * Avro's JSON encoding): a nullable union is its value or null, enums are their symbols, maps are objects, timestamps
 * epoch milliseconds. Each named type becomes a component named after its Avro full name; a named type in a nullable
 * position is written out in place, since OpenAPI 3.0 cannot mark a $ref nullable.
 */
final class AvroJsonSchemas {

    static final String COMPONENTS = "#/components/schemas/";

    private final Map<String, Object> components = new LinkedHashMap<>();

    /** The record's component and those of the named types inside it, keyed by full name. */
    static Map<String, Object> componentsOf(Schema record) {
        AvroJsonSchemas schemas = new AvroJsonSchemas();
        schemas.named(record);
        return schemas.components;
    }

    private void named(Schema schema) {
        if (!components.containsKey(schema.getFullName())) {
            components.put(schema.getFullName(), Map.of());
            components.put(schema.getFullName(), inline(schema, false));
        }
    }

    private Map<String, Object> reference(Schema schema, boolean nullable) {
        if (schema.getType() == Schema.Type.UNION) {
            return union(schema);
        }
        if ((schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM) && !nullable) {
            named(schema);
            return Map.of("$ref", COMPONENTS + schema.getFullName());
        }
        return inline(schema, nullable);
    }

    private Map<String, Object> union(Schema union) {
        List<Schema> types = union.getTypes();
        List<Schema> values = types.stream().filter(type -> type.getType() != Schema.Type.NULL).toList();
        if (values.size() != 1 || types.size() != 2) {
            throw new IllegalArgumentException("only [\"null\", T] unions have a plain JSON form, not " + union);
        }
        return reference(values.get(0), true);
    }

    private Map<String, Object> inline(Schema schema, boolean nullable) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (schema.getType()) {
            case RECORD -> {
                out.put("type", "object");
                Map<String, Object> properties = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    Map<String, Object> property = new LinkedHashMap<>(reference(field.schema(), false));
                    if (field.doc() != null && !property.containsKey("$ref")) {
                        property.put("description", field.doc());
                    }
                    properties.put(field.name(), property);
                    if (!field.hasDefaultValue()) {
                        required.add(field.name());
                    }
                }
                out.put("properties", properties);
                if (!required.isEmpty()) {
                    out.put("required", required);
                }
                out.put("additionalProperties", false);
            }
            case ENUM -> {
                out.put("type", "string");
                List<Object> symbols = new ArrayList<>(schema.getEnumSymbols());
                if (nullable) {
                    symbols.add(null);
                }
                out.put("enum", symbols);
            }
            case ARRAY -> {
                out.put("type", "array");
                out.put("items", reference(schema.getElementType(), false));
            }
            case MAP -> {
                out.put("type", "object");
                out.put("additionalProperties", reference(schema.getValueType(), false));
            }
            case STRING -> out.put("type", "string");
            case BOOLEAN -> out.put("type", "boolean");
            case INT -> number(out, "integer", "int32");
            case LONG -> {
                number(out, "integer", "int64");
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    out.put("description", "Epoch milliseconds; a request may also send an ISO-8601 instant");
                }
            }
            case FLOAT -> number(out, "number", "float");
            case DOUBLE -> number(out, "number", "double");
            default -> throw new IllegalArgumentException("no plain JSON form for Avro type " + schema);
        }
        if (schema.getDoc() != null && (schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM)) {
            out.put("description", schema.getDoc());
        }
        if (nullable) {
            out.put("nullable", true);
        }
        return out;
    }

    private static void number(Map<String, Object> out, String type, String format) {
        out.put("type", type);
        out.put("format", format);
    }
}
