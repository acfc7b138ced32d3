package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.generic.GenericRecord;

import java.util.List;

/**
 * Writes an Avro record as plain JSON. The output is canonical (fields in schema order, map keys sorted,
 * timestamps as epoch milliseconds) because its bytes are hashed into an ETag.
 */
final class JsonRecordWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonRecordWriter() {
    }

    static ObjectNode write(Shape.Struct shape, GenericRecord avro, Path path) {
        ObjectNode json = JSON.objectNode();
        for (RecordField field : shape.fields()) {
            Path fieldPath = path.child(field.name());
            Object value = AvroValues.field(avro, field, fieldPath);
            json.set(field.name(), value(field.shape(), field.nullable(), value, fieldPath));
        }
        return json;
    }

    private static JsonNode value(Shape shape, boolean nullable, Object value, Path path) {
        if (value == null) {
            if (nullable) {
                return JSON.nullNode();
            }
            throw path.invalid("null is not allowed");
        }
        if (shape instanceof Shape.Scalar scalar) {
            return scalar(scalar, value, path);
        }
        if (shape instanceof Shape.Struct struct) {
            return write(struct, AvroValues.record(value, struct, path), path);
        }
        if (shape instanceof Shape.ArrayOf array) {
            List<?> items = AvroValues.items(value, path);
            ArrayNode json = JSON.arrayNode(items.size());
            for (int i = 0; i < items.size(); i++) {
                json.add(value(array.items(), false, items.get(i), path.index(i)));
            }
            return json;
        }
        Shape.MapOf map = (Shape.MapOf) shape;
        ObjectNode json = JSON.objectNode();
        AvroValues.sortedEntries(value, path).forEach((key, item) ->
                json.set(key, value(map.values(), false, item, path.child(key))));
        return json;
    }

    private static JsonNode scalar(Shape.Scalar scalar, Object value, Path path) {
        Object checked = AvroValues.scalar(scalar, value, path);
        return switch (scalar.kind()) {
            case STRING, ENUM -> JSON.textNode((String) checked);
            case INT -> JSON.numberNode((Integer) checked);
            case LONG, TIMESTAMP_MILLIS -> JSON.numberNode((Long) checked);
            case FLOAT -> JSON.numberNode((Float) checked);
            case DOUBLE -> JSON.numberNode((Double) checked);
            case BOOLEAN -> JSON.booleanNode((Boolean) checked);
        };
    }
}
