package io.snapgrid.records;

import org.apache.avro.Schema;

import java.util.List;

/**
 * A supported Avro schema position, resolved once by {@link SchemaCompiler} so that the walkers never re-inspect
 * unions or logical types. Nullability belongs to the {@link RecordField}, not to the shape: array items and map
 * values are never null.
 */
sealed interface Shape {

    record Scalar(ScalarKind kind, Schema avro) implements Shape {
    }

    record Struct(Schema avro, List<RecordField> fields) implements Shape {

        /** The Avro full name, which is also the Compact type name. */
        String typeName() {
            return avro.getFullName();
        }

        RecordField field(String name) {
            Schema.Field field = avro.getField(name);
            return field == null ? null : fields.get(field.pos());
        }
    }

    record ArrayOf(Shape items, Schema avro) implements Shape {
    }

    /** Compact has no map kind, so a map is an array of key/value records of type {@code entryTypeName}. */
    record MapOf(Shape values, String entryTypeName) implements Shape {

        static final Scalar KEY = new Scalar(ScalarKind.STRING, Schema.create(Schema.Type.STRING));
    }
}
