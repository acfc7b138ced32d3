package io.snapgrid.records;

import com.hazelcast.internal.serialization.impl.compact.CompactGenericRecord;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import org.apache.avro.generic.GenericData;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Compact record back into Avro, tolerating what a Java client may legitimately write: a field it does
 * not know yet (read as the Avro default, or null) and the primitive or nullable variant of a numeric kind
 * (Hazelcast itself reads one as the other).
 */
final class CompactRecordReader {

    private CompactRecordReader() {
    }

    static GenericData.Record read(Shape.Struct shape, GenericRecord compact, Path path) {
        requireType(compact, shape.typeName(), path);
        GenericData.Record avro = new GenericData.Record(shape.avro());
        for (int i = 0; i < shape.fields().size(); i++) {
            RecordField field = shape.fields().get(i);
            Path fieldPath = path.child(field.name());
            if (compact.getFieldKind(field.name()) != FieldKind.NOT_AVAILABLE) {
                avro.put(i, value(compact, field.name(), field.shape(), field.nullable(), fieldPath));
            } else if (field.hasDefault()) {
                avro.put(i, JsonRecordReader.readDefault(field, fieldPath));
            } else if (!field.nullable()) {
                throw fieldPath.invalid("required field missing");
            }
        }
        return avro;
    }

    /**
     * True when the record is of this type and has every field, each of the kind {@link CompactRecordWriter}
     * writes: such a record reads field by field with the kind's getter, without the tolerant conversion.
     */
    static boolean hasWrittenKinds(Shape.Struct shape, GenericRecord compact) {
        if (!(compact instanceof CompactGenericRecord record)
                || !record.getSchema().getTypeName().equals(shape.typeName())) {
            return false;
        }
        for (RecordField field : shape.fields()) {
            if (compact.getFieldKind(field.name()) != kind(field.shape(), field.nullable())) {
                return false;
            }
        }
        return true;
    }

    private static Object value(GenericRecord compact, String name, Shape shape, boolean nullable, Path path) {
        FieldKind actual = compact.getFieldKind(name);
        FieldKind expected = kind(shape, nullable);
        FieldKind variant = kind(shape, !nullable);
        if (actual == FieldKind.NOT_AVAILABLE) {
            throw path.invalid("required field missing");
        }
        if (actual != expected && actual != variant) {
            throw path.invalid("expected Compact kind " + expected + (variant == expected ? "" : " or " + variant)
                    + ", got " + actual);
        }
        Object value = read(compact, name, shape, path);
        if (value == null && !nullable) {
            throw path.invalid("null is not allowed");
        }
        return value;
    }

    /** The kind {@link CompactRecordWriter} writes for this shape. */
    private static FieldKind kind(Shape shape, boolean nullable) {
        if (shape instanceof Shape.Scalar scalar) {
            return switch (scalar.kind()) {
                case STRING, ENUM -> FieldKind.STRING;
                case INT -> nullable ? FieldKind.NULLABLE_INT32 : FieldKind.INT32;
                case LONG, TIMESTAMP_MILLIS -> nullable ? FieldKind.NULLABLE_INT64 : FieldKind.INT64;
                case FLOAT -> nullable ? FieldKind.NULLABLE_FLOAT32 : FieldKind.FLOAT32;
                case DOUBLE -> nullable ? FieldKind.NULLABLE_FLOAT64 : FieldKind.FLOAT64;
                case BOOLEAN -> nullable ? FieldKind.NULLABLE_BOOLEAN : FieldKind.BOOLEAN;
            };
        }
        if (shape instanceof Shape.Struct) {
            return FieldKind.COMPACT;
        }
        if (shape instanceof Shape.ArrayOf array && array.items() instanceof Shape.Scalar scalar) {
            return switch (scalar.kind()) {
                case STRING, ENUM -> FieldKind.ARRAY_OF_STRING;
                case INT -> FieldKind.ARRAY_OF_INT32;
                case LONG, TIMESTAMP_MILLIS -> FieldKind.ARRAY_OF_INT64;
                case FLOAT -> FieldKind.ARRAY_OF_FLOAT32;
                case DOUBLE -> FieldKind.ARRAY_OF_FLOAT64;
                case BOOLEAN -> FieldKind.ARRAY_OF_BOOLEAN;
            };
        }
        return FieldKind.ARRAY_OF_COMPACT;
    }

    private static Object read(GenericRecord compact, String name, Shape shape, Path path) {
        if (shape instanceof Shape.Scalar scalar) {
            return scalar(compact, name, scalar, path);
        }
        if (shape instanceof Shape.Struct struct) {
            GenericRecord nested = compact.getGenericRecord(name);
            return nested == null ? null : read(struct, nested, path);
        }
        if (shape instanceof Shape.ArrayOf array) {
            return array(compact, name, array, path);
        }
        GenericRecord[] entries = compact.getArrayOfGenericRecord(name);
        return entries == null ? null : map((Shape.MapOf) shape, entries, path);
    }

    /** The nullable getters also read the primitive kinds, so one getter covers both accepted kinds. */
    private static Object scalar(GenericRecord compact, String name, Shape.Scalar scalar, Path path) {
        return switch (scalar.kind()) {
            case STRING -> compact.getString(name);
            case ENUM -> {
                String symbol = compact.getString(name);
                yield symbol == null ? null : AvroValues.enumSymbol(symbol, scalar.avro(), path);
            }
            case INT -> compact.getNullableInt32(name);
            case LONG, TIMESTAMP_MILLIS -> compact.getNullableInt64(name);
            case FLOAT -> compact.getNullableFloat32(name);
            case DOUBLE -> compact.getNullableFloat64(name);
            case BOOLEAN -> compact.getNullableBoolean(name);
        };
    }

    private static GenericData.Array<Object> array(GenericRecord compact, String name, Shape.ArrayOf array, Path path) {
        Object items = array.items() instanceof Shape.Scalar scalar ? switch (scalar.kind()) {
            case STRING, ENUM -> compact.getArrayOfString(name);
            case INT -> compact.getArrayOfInt32(name);
            case LONG, TIMESTAMP_MILLIS -> compact.getArrayOfInt64(name);
            case FLOAT -> compact.getArrayOfFloat32(name);
            case DOUBLE -> compact.getArrayOfFloat64(name);
            case BOOLEAN -> compact.getArrayOfBoolean(name);
        } : compact.getArrayOfGenericRecord(name);
        if (items == null) {
            return null;
        }
        int size = Array.getLength(items);
        GenericData.Array<Object> avro = new GenericData.Array<>(size, array.avro());
        for (int i = 0; i < size; i++) {
            avro.add(item(array.items(), Array.get(items, i), path.index(i)));
        }
        return avro;
    }

    /** Compact arrays of strings and records may hold nulls, which Avro array items here may not. */
    private static Object item(Shape shape, Object item, Path path) {
        if (item == null) {
            throw path.invalid("null is not allowed");
        }
        if (shape instanceof Shape.Struct struct) {
            return read(struct, (GenericRecord) item, path);
        }
        Shape.Scalar scalar = (Shape.Scalar) shape;
        return scalar.kind() == ScalarKind.ENUM ? AvroValues.enumSymbol((String) item, scalar.avro(), path) : item;
    }

    private static Map<String, Object> map(Shape.MapOf map, GenericRecord[] entries, Path path) {
        Map<String, Object> avro = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            Path entryPath = path.index(i);
            if (entries[i] == null) {
                throw entryPath.invalid("null is not allowed");
            }
            requireType(entries[i], map.entryTypeName(), entryPath);
            String key = (String) value(entries[i], "key", Shape.MapOf.KEY, false, entryPath.child("key"));
            if (avro.put(key, value(entries[i], "value", map.values(), false, path.child(key))) != null) {
                throw path.child(key).invalid("duplicate map key");
            }
        }
        return avro;
    }

    /**
     * GenericRecord has no public accessor for its type name; CompactGenericRecord is Hazelcast-internal, but every
     * Compact GenericRecord (built, deserialised or lazily read) extends it.
     */
    private static void requireType(GenericRecord compact, String typeName, Path path) {
        if (!(compact instanceof CompactGenericRecord record)) {
            throw path.invalid("expected a Compact record, got " + compact.getClass().getSimpleName());
        }
        String actual = record.getSchema().getTypeName();
        if (!actual.equals(typeName)) {
            throw path.invalid("expected Compact type " + typeName + ", got " + actual);
        }
    }
}
