package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an Avro record schema stays inside the subset that has a faithful JSON, Compact and SQL form, and
 * resolves it into {@link Shape}s. Paths in messages start at the record's simple name, e.g. {@code Node.bmc.ip}.
 */
final class SchemaCompiler {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Full names of the records being compiled: a record met again inside itself is recursive. */
    private final Set<String> open = new HashSet<>();

    private SchemaCompiler() {
    }

    static Shape.Struct compile(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw unsupported(schema.getFullName(), "the schema must be a record, not " + schema.getType().getName());
        }
        return new SchemaCompiler().record(schema, schema.getName());
    }

    private Shape.Struct record(Schema schema, String path) {
        if (!open.add(schema.getFullName())) {
            throw unsupported(path, "recursive record " + schema.getFullName() + " is not supported");
        }
        List<RecordField> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(field(field, schema, path + "." + field.name()));
        }
        open.remove(schema.getFullName());
        return new Shape.Struct(schema, List.copyOf(fields));
    }

    private RecordField field(Schema.Field field, Schema enclosing, String path) {
        Schema type = field.schema();
        boolean nullable = false;
        if (type.isUnion()) {
            List<Schema> nonNull = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            if (nonNull.size() != 1) {
                throw unsupported(path, nonNull.isEmpty() ? "a union without a non-null type is not supported"
                        : "union of more than one non-null type is not supported");
            }
            nullable = type.getTypes().size() > 1;
            type = nonNull.get(0);
        }
        Shape shape = switch (type.getType()) {
            case ARRAY -> new Shape.ArrayOf(element(type.getElementType(), path + "[]"), type);
            case MAP -> new Shape.MapOf(element(type.getValueType(), path + "{}"),
                    enclosing.getFullName() + "." + field.name() + ".entry");
            default -> element(type, path);
        };
        JsonNode defaultJson = field.hasDefaultValue() ? json(field.defaultVal()) : null;
        return new RecordField(field.name(), shape, nullable, defaultJson);
    }

    /** A field's type, an array's items or a map's values: Compact has no arrays of arrays or nullable items. */
    private Shape element(Schema type, String path) {
        LogicalType logical = type.getLogicalType();
        boolean timestamp = logical instanceof LogicalTypes.TimestampMillis;
        if (logical != null && !timestamp) {
            throw unsupported(path, "logical type " + logical.getName() + " is not supported");
        }
        return switch (type.getType()) {
            case RECORD -> record(type, path);
            case ENUM -> new Shape.Scalar(ScalarKind.ENUM, type);
            case STRING -> new Shape.Scalar(ScalarKind.STRING, type);
            case INT -> new Shape.Scalar(ScalarKind.INT, type);
            case LONG -> new Shape.Scalar(timestamp ? ScalarKind.TIMESTAMP_MILLIS : ScalarKind.LONG, type);
            case FLOAT -> new Shape.Scalar(ScalarKind.FLOAT, type);
            case DOUBLE -> new Shape.Scalar(ScalarKind.DOUBLE, type);
            case BOOLEAN -> new Shape.Scalar(ScalarKind.BOOLEAN, type);
            case UNION -> throw unsupported(path, "nullable array items and map values are not supported");
            case ARRAY, MAP -> throw unsupported(path, "arrays and maps inside arrays or maps are not supported");
            default -> throw unsupported(path, type.getType().getName() + " is not supported");
        };
    }

    /** Avro hands defaults out as Java objects; the walkers read them as the plain JSON a client would send. */
    private static JsonNode json(Object value) {
        if (value == JsonProperties.NULL_VALUE) {
            return JSON.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.objectNode();
            map.forEach((key, item) -> object.set(key.toString(), json(item)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = JSON.arrayNode();
            items.forEach(item -> array.add(json(item)));
            return array;
        }
        if (value instanceof CharSequence text) {
            return JSON.textNode(text.toString());
        }
        if (value instanceof Boolean flag) {
            return JSON.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Long number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Float number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Double number) {
            return JSON.numberNode(number);
        }
        throw new IllegalStateException("Avro default of unexpected class " + value.getClass().getName());
    }

    private static UnsupportedSchemaException unsupported(String path, String reason) {
        return new UnsupportedSchemaException(path + ": " + reason);
    }
}
