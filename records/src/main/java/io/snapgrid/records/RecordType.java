package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One Avro record schema and the three forms it drives: plain JSON (REST), Avro records (snapshots) and Compact
 * {@link GenericRecord}s (the grid), plus the SQL columns of its map. Conversions compose through Avro:
 * JSON &harr; Avro &harr; Compact. Immutable and thread-safe.
 */
public final class RecordType {

    private final Schema schema;
    private final Shape.Struct shape;
    private final CompactRecordWriter compactWriter;
    private final List<SqlColumn> sqlColumns;

    private RecordType(Schema schema) {
        this.schema = schema;
        this.shape = SchemaCompiler.compile(schema);
        this.compactWriter = new CompactRecordWriter(shape);
        this.sqlColumns = shape.fields().stream()
                .filter(field -> field.shape() instanceof Shape.Scalar)
                .map(field -> new SqlColumn(field.name(), ((Shape.Scalar) field.shape()).kind().sqlType()))
                .toList();
    }

    /** @throws UnsupportedSchemaException if the schema leaves the supported subset; the message names the field */
    public static RecordType of(Schema schema) {
        return new RecordType(schema);
    }

    /**
     * @throws org.apache.avro.SchemaParseException if the text is not a valid Avro schema
     * @throws UnsupportedSchemaException if the schema leaves the supported subset
     */
    public static RecordType parse(String avscJson) {
        return of(new Schema.Parser().parse(avscJson));
    }

    /** Reads an {@code .avsc} document; the stream is not closed. */
    public static RecordType load(InputStream avsc) throws IOException {
        return of(new Schema.Parser().parse(avsc));
    }

    /** The Avro full name, e.g. {@code snapgrid.inventory.Node}, which is also the Compact type name. */
    public String typeName() {
        return shape.typeName();
    }

    public Schema avroSchema() {
        return schema;
    }

    /** @throws RecordValidationException if the JSON does not match the schema */
    public GenericData.Record fromJson(JsonNode json) {
        return JsonRecordReader.read(shape, json, Path.ROOT);
    }

    /** Canonical plain JSON: fields in schema order, map keys sorted, timestamps as epoch milliseconds. */
    public ObjectNode toJson(org.apache.avro.generic.GenericRecord avro) {
        return JsonRecordWriter.write(shape, AvroValues.record(avro, shape, Path.ROOT), Path.ROOT);
    }

    public ObjectNode toJson(GenericRecord compact) {
        return toJson(toAvro(compact));
    }

    public GenericRecord toCompact(org.apache.avro.generic.GenericRecord avro) {
        return compactWriter.write(shape, AvroValues.record(avro, shape, Path.ROOT), Path.ROOT);
    }

    public GenericRecord toCompact(JsonNode json) {
        return toCompact(fromJson(json));
    }

    /**
     * Tolerates what a Java client may write: a missing field reads as its Avro default (or null if nullable),
     * and a numeric field may use the primitive or the nullable Compact kind.
     *
     * @throws RecordValidationException if the record has another type name, a field of another kind, or lacks a
     *                                   required field
     */
    public GenericData.Record toAvro(GenericRecord compact) {
        return CompactRecordReader.read(shape, compact, Path.ROOT);
    }

    /**
     * True when the record is of this type and holds every field with the Compact kind {@link #toCompact} writes
     * for it, as every record built by this type does. A hot path may then read the fields with those kinds'
     * getters and leave {@link #toAvro} for the records clients wrote in other ways.
     */
    public boolean hasWrittenKinds(GenericRecord compact) {
        return CompactRecordReader.hasWrittenKinds(shape, compact);
    }

    /** Typed columns for the top-level scalar fields; nested records, arrays and maps have no Compact SQL mapping. */
    public List<SqlColumn> sqlColumns() {
        return sqlColumns;
    }

    @Override
    public String toString() {
        return "RecordType[" + typeName() + "]";
    }
}
