package io.snapgrid.records;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;

import java.lang.reflect.Array;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Compact form of an Avro record. Field names and kinds follow the schema exactly, so that a Java
 * client can build the same record with {@link GenericRecordBuilder#compact(String)}.
 */
final class CompactRecordWriter {

    /**
     * One blank record per record and map-entry shape. Their schema-bound builders reuse the Compact schema,
     * where {@link GenericRecordBuilder#compact(String)} derives and fingerprints it again on every build, which
     * doubles the cost of a record. Read-only once constructed.
     */
    private final Map<Shape, GenericRecord> prototypes = new IdentityHashMap<>();

    CompactRecordWriter(Shape.Struct root) {
        prototype(root);
    }

    GenericRecord write(Shape.Struct shape, org.apache.avro.generic.GenericRecord avro, Path path) {
        GenericRecordBuilder compact = prototypes.get(shape).newBuilder();
        for (RecordField field : shape.fields()) {
            Path fieldPath = path.child(field.name());
            Object value = AvroValues.field(avro, field, fieldPath);
            set(compact, field.name(), field.shape(), field.nullable(), value, fieldPath);
        }
        return compact.build();
    }

    private void set(GenericRecordBuilder compact, String name, Shape shape, boolean nullable, Object value,
                     Path path) {
        if (value == null && !nullable) {
            throw path.invalid("null is not allowed");
        }
        if (shape instanceof Shape.Scalar scalar) {
            scalar(compact, name, scalar, nullable, value == null ? null : AvroValues.scalar(scalar, value, path));
        } else if (shape instanceof Shape.Struct struct) {
            compact.setGenericRecord(name,
                    value == null ? null : write(struct, AvroValues.record(value, struct, path), path));
        } else if (shape instanceof Shape.ArrayOf array) {
            array(compact, name, array.items(), value == null ? null : AvroValues.items(value, path), path);
        } else {
            compact.setArrayOfGenericRecord(name, value == null ? null : entries((Shape.MapOf) shape, value, path));
        }
    }

    /**
     * Non-nullable Avro numbers and booleans use the primitive kinds: they are smaller, and they are what a Java
     * client's {@code int} field gives.
     */
    private static void scalar(GenericRecordBuilder compact, String name, Shape.Scalar scalar, boolean nullable,
                               Object value) {
        switch (scalar.kind()) {
            case STRING, ENUM -> compact.setString(name, (String) value);
            case INT -> {
                if (nullable) {
                    compact.setNullableInt32(name, (Integer) value);
                } else {
                    compact.setInt32(name, (Integer) value);
                }
            }
            case LONG, TIMESTAMP_MILLIS -> {
                if (nullable) {
                    compact.setNullableInt64(name, (Long) value);
                } else {
                    compact.setInt64(name, (Long) value);
                }
            }
            case FLOAT -> {
                if (nullable) {
                    compact.setNullableFloat32(name, (Float) value);
                } else {
                    compact.setFloat32(name, (Float) value);
                }
            }
            case DOUBLE -> {
                if (nullable) {
                    compact.setNullableFloat64(name, (Double) value);
                } else {
                    compact.setFloat64(name, (Double) value);
                }
            }
            case BOOLEAN -> {
                if (nullable) {
                    compact.setNullableBoolean(name, (Boolean) value);
                } else {
                    compact.setBoolean(name, (Boolean) value);
                }
            }
        }
    }

    private void array(GenericRecordBuilder compact, String name, Shape items, List<?> values, Path path) {
        if (items instanceof Shape.Struct struct) {
            compact.setArrayOfGenericRecord(name, values == null ? null : records(struct, values, path));
            return;
        }
        Shape.Scalar scalar = (Shape.Scalar) items;
        Object array = values == null ? null : scalars(scalar, values, path);
        switch (scalar.kind()) {
            case STRING, ENUM -> compact.setArrayOfString(name, (String[]) array);
            case INT -> compact.setArrayOfInt32(name, (int[]) array);
            case LONG, TIMESTAMP_MILLIS -> compact.setArrayOfInt64(name, (long[]) array);
            case FLOAT -> compact.setArrayOfFloat32(name, (float[]) array);
            case DOUBLE -> compact.setArrayOfFloat64(name, (double[]) array);
            case BOOLEAN -> compact.setArrayOfBoolean(name, (boolean[]) array);
        }
    }

    /** A primitive array where Compact has one, so that items cannot be null. */
    private static Object scalars(Shape.Scalar scalar, List<?> values, Path path) {
        Class<?> component = switch (scalar.kind()) {
            case STRING, ENUM -> String.class;
            case INT -> int.class;
            case LONG, TIMESTAMP_MILLIS -> long.class;
            case FLOAT -> float.class;
            case DOUBLE -> double.class;
            case BOOLEAN -> boolean.class;
        };
        Object array = Array.newInstance(component, values.size());
        for (int i = 0; i < values.size(); i++) {
            Path itemPath = path.index(i);
            if (values.get(i) == null) {
                throw itemPath.invalid("null is not allowed");
            }
            Array.set(array, i, AvroValues.scalar(scalar, values.get(i), itemPath));
        }
        return array;
    }

    private GenericRecord[] records(Shape.Struct shape, List<?> values, Path path) {
        GenericRecord[] out = new GenericRecord[values.size()];
        for (int i = 0; i < out.length; i++) {
            Path itemPath = path.index(i);
            out[i] = write(shape, AvroValues.record(values.get(i), shape, itemPath), itemPath);
        }
        return out;
    }

    private GenericRecord[] entries(Shape.MapOf map, Object value, Path path) {
        Map<String, Object> sorted = AvroValues.sortedEntries(value, path);
        GenericRecord[] out = new GenericRecord[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            GenericRecordBuilder compact = prototypes.get(map).newBuilder().setString("key", entry.getKey());
            set(compact, "value", map.values(), false, entry.getValue(), path.child(entry.getKey()));
            out[i++] = compact.build();
        }
        return out;
    }

    private void prototype(Shape.Struct shape) {
        GenericRecordBuilder blank = GenericRecordBuilder.compact(shape.typeName());
        for (RecordField field : shape.fields()) {
            blank(blank, field.name(), field.shape(), field.nullable());
        }
        prototypes.put(shape, blank.build());
    }

    private void prototype(Shape.MapOf map) {
        GenericRecordBuilder blank = GenericRecordBuilder.compact(map.entryTypeName()).setString("key", null);
        blank(blank, "value", map.values(), false);
        prototypes.put(map, blank.build());
    }

    /** Sets the field to a placeholder of the kind {@link #set} gives it, and prepares the records inside it. */
    private void blank(GenericRecordBuilder compact, String name, Shape shape, boolean nullable) {
        if (shape instanceof Shape.Scalar scalar) {
            scalar(compact, name, scalar, nullable, nullable ? null : placeholder(scalar.kind()));
        } else if (shape instanceof Shape.Struct struct) {
            prototype(struct);
            compact.setGenericRecord(name, null);
        } else if (shape instanceof Shape.ArrayOf array) {
            if (array.items() instanceof Shape.Struct struct) {
                prototype(struct);
            }
            array(compact, name, array.items(), null, Path.ROOT);
        } else {
            prototype((Shape.MapOf) shape);
            compact.setArrayOfGenericRecord(name, null);
        }
    }

    private static Object placeholder(ScalarKind kind) {
        return switch (kind) {
            case STRING, ENUM -> "";
            case INT -> 0;
            case LONG, TIMESTAMP_MILLIS -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            case BOOLEAN -> false;
        };
    }
}
