package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.generic.GenericData;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strictly validates plain JSON (not Avro's JSON encoding: a nullable string is {@code "x"} or {@code null}) and
 * builds the Avro record from it.
 */
final class JsonRecordReader {

    private JsonRecordReader() {
    }

    static GenericData.Record read(Shape.Struct shape, JsonNode json, Path path) {
        if (!json.isObject()) {
            throw path.invalid("expected an object, got " + describe(json));
        }
        for (Map.Entry<String, JsonNode> property : json.properties()) {
            if (shape.field(property.getKey()) == null) {
                throw path.child(property.getKey()).invalid("unknown field");
            }
        }
        GenericData.Record avro = new GenericData.Record(shape.avro());
        for (int i = 0; i < shape.fields().size(); i++) {
            RecordField field = shape.fields().get(i);
            Path fieldPath = path.child(field.name());
            JsonNode value = json.get(field.name());
            if (value != null) {
                avro.put(i, value(field.shape(), field.nullable(), value, fieldPath));
            } else if (field.hasDefault()) {
                avro.put(i, readDefault(field, fieldPath));
            } else {
                throw fieldPath.invalid("required field missing");
            }
        }
        return avro;
    }

    static Object readDefault(RecordField field, Path path) {
        return value(field.shape(), field.nullable(), field.defaultJson(), path);
    }

    private static Object value(Shape shape, boolean nullable, JsonNode json, Path path) {
        if (json.isNull()) {
            if (nullable) {
                return null;
            }
            throw path.invalid("null is not allowed");
        }
        if (shape instanceof Shape.Scalar scalar) {
            return scalar(scalar, json, path);
        }
        if (shape instanceof Shape.Struct struct) {
            return read(struct, json, path);
        }
        if (shape instanceof Shape.ArrayOf array) {
            if (!json.isArray()) {
                throw path.invalid("expected an array, got " + describe(json));
            }
            GenericData.Array<Object> items = new GenericData.Array<>(json.size(), array.avro());
            for (int i = 0; i < json.size(); i++) {
                items.add(value(array.items(), false, json.get(i), path.index(i)));
            }
            return items;
        }
        Shape.MapOf map = (Shape.MapOf) shape;
        if (!json.isObject()) {
            throw path.invalid("expected an object, got " + describe(json));
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            entries.put(entry.getKey(), value(map.values(), false, entry.getValue(), path.child(entry.getKey())));
        }
        return entries;
    }

    private static Object scalar(Shape.Scalar scalar, JsonNode json, Path path) {
        return switch (scalar.kind()) {
            case STRING -> {
                if (!json.isTextual()) {
                    throw path.invalid("expected a string, got " + describe(json));
                }
                yield json.textValue();
            }
            case ENUM -> {
                if (!json.isTextual()) {
                    throw path.invalid("expected one of " + scalar.avro().getEnumSymbols() + ", got " + describe(json));
                }
                yield AvroValues.enumSymbol(json.textValue(), scalar.avro(), path);
            }
            case INT -> {
                if (!json.isIntegralNumber() || !json.canConvertToInt()) {
                    throw path.invalid("expected a 32-bit integer, got " + describe(json));
                }
                yield json.intValue();
            }
            case LONG -> {
                if (!json.isIntegralNumber() || !json.canConvertToLong()) {
                    throw path.invalid("expected a 64-bit integer, got " + describe(json));
                }
                yield json.longValue();
            }
            case TIMESTAMP_MILLIS -> timestamp(json, path);
            case FLOAT, DOUBLE -> {
                if (!json.isNumber()) {
                    throw path.invalid("expected a number, got " + describe(json));
                }
                yield scalar.kind() == ScalarKind.FLOAT ? (Object) json.floatValue() : (Object) json.doubleValue();
            }
            case BOOLEAN -> {
                if (!json.isBoolean()) {
                    throw path.invalid("expected true or false, got " + describe(json));
                }
                yield json.booleanValue();
            }
        };
    }

    private static long timestamp(JsonNode json, Path path) {
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            return json.longValue();
        }
        String expected = "expected epoch milliseconds or an ISO-8601 instant, got " + describe(json);
        if (!json.isTextual()) {
            throw path.invalid(expected);
        }
        try {
            return Instant.parse(json.textValue()).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw path.invalid(expected);
        }
    }

    /** Values are quoted as JSON; containers only named, since they may be large. */
    private static String describe(JsonNode json) {
        if (json.isObject()) {
            return "an object";
        }
        return json.isArray() ? "an array" : json.toString();
    }
}
