package io.snapgrid.records;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checked access to the Java values inside Avro records. Records may come from any Avro reader (Utf8 or String,
 * Instant or Long, GenericData.Array or any List), so the writers accept each representation Avro itself allows
 * and report anything else with its path rather than a ClassCastException.
 */
final class AvroValues {

    private AvroValues() {
    }

    /** Found by name, not position: a record built against another revision of the schema may order it elsewhere. */
    static Object field(GenericRecord avro, RecordField field, Path path) {
        Schema.Field avroField = avro.getSchema().getField(field.name());
        if (avroField == null) {
            throw path.invalid("the Avro record of type " + avro.getSchema().getFullName() + " has no such field");
        }
        return avro.get(avroField.pos());
    }

    static GenericRecord record(Object value, Shape.Struct shape, Path path) {
        if (value instanceof GenericRecord avro && avro.getSchema().getFullName().equals(shape.typeName())) {
            return avro;
        }
        throw path.invalid("expected an Avro record of type " + shape.typeName() + ", got " + describe(value));
    }

    /** A non-null scalar as its canonical Java type: String (also for enums), Integer, Long, Float, Double, Boolean. */
    static Object scalar(Shape.Scalar scalar, Object value, Path path) {
        return switch (scalar.kind()) {
            case STRING -> as(value, CharSequence.class, path).toString();
            case ENUM -> symbol(value, scalar.avro(), path);
            case INT -> as(value, Integer.class, path);
            case LONG -> as(value, Long.class, path);
            case TIMESTAMP_MILLIS -> epochMillis(value, path);
            case FLOAT -> as(value, Float.class, path);
            case DOUBLE -> as(value, Double.class, path);
            case BOOLEAN -> as(value, Boolean.class, path);
        };
    }

    static <T> T as(Object value, Class<T> type, Path path) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw path.invalid("expected " + type.getSimpleName() + ", got " + describe(value));
    }

    static long epochMillis(Object value, Path path) {
        return value instanceof Instant instant ? instant.toEpochMilli() : as(value, Long.class, path);
    }

    static String symbol(Object value, Schema enumSchema, Path path) {
        if (!(value instanceof GenericEnumSymbol<?>) && !(value instanceof CharSequence)) {
            throw path.invalid("expected an enum symbol, got " + describe(value));
        }
        String symbol = value.toString();
        requireSymbol(symbol, enumSchema, path);
        return symbol;
    }

    static GenericData.EnumSymbol enumSymbol(String symbol, Schema enumSchema, Path path) {
        requireSymbol(symbol, enumSchema, path);
        return new GenericData.EnumSymbol(enumSchema, symbol);
    }

    private static void requireSymbol(String symbol, Schema enumSchema, Path path) {
        if (!enumSchema.hasEnumSymbol(symbol)) {
            throw path.invalid("expected one of " + enumSchema.getEnumSymbols() + ", got \"" + symbol + "\"");
        }
    }

    static List<?> items(Object value, Path path) {
        if (value instanceof List<?> list) {
            return list;
        }
        Collection<?> items = as(value, Collection.class, path);
        return new ArrayList<>(items);
    }

    /**
     * Entries in key order, so that equal maps give identical bytes: the JSON form is hashed into an ETag, and
     * IMap compares serialised Compact values in replace(key, old, new).
     */
    static SortedMap<String, Object> sortedEntries(Object value, Path path) {
        Map<?, ?> map = as(value, Map.class, path);
        SortedMap<String, Object> sorted = new TreeMap<>();
        map.forEach((key, item) -> sorted.put(key.toString(), item));
        return sorted;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
