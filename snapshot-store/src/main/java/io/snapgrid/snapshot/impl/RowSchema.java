package io.snapgrid.snapshot.impl;

import io.snapgrid.snapshot.SnapshotOp;
import io.snapgrid.snapshot.SnapshotRow;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Avro schema of a data file's rows, from which parquet-avro derives the Parquet columns:
 * <pre>
 * _key STRING, _op ENUM(UPSERT, DELETE), _commit_time TIMESTAMP(MILLIS, UTC), _revision INT64,
 * value OPTIONAL GROUP (the map's record, its fields as typed columns)
 * </pre>
 * The value stays one nested column rather than being flattened beside the meta columns: the map's schema is kept
 * exactly (required fields stay required, Avro schema evolution applies unchanged) and its field names cannot
 * collide with the meta columns. A tombstone's value is null.
 */
public final class RowSchema {

    public static final String KEY = "_key";
    public static final String OP = "_op";
    public static final String COMMIT_TIME = "_commit_time";
    public static final String REVISION = "_revision";
    public static final String VALUE = "value";
    private static final String NAMESPACE = "snapgrid.snapshot";
    private static final Schema OP_SCHEMA = Schema.createEnum("SnapshotOp", null, NAMESPACE,
            List.of(SnapshotOp.UPSERT.name(), SnapshotOp.DELETE.name()));
    private static final GenericData.EnumSymbol[] OP_SYMBOLS = {
            new GenericData.EnumSymbol(OP_SCHEMA, SnapshotOp.UPSERT.name()),
            new GenericData.EnumSymbol(OP_SCHEMA, SnapshotOp.DELETE.name())};
    /** The meta columns alone: a projection that reads no value column. */
    public static final Schema META = record(List.of());

    private final Schema valueSchema;
    private final Schema schema;

    private RowSchema(Schema valueSchema) {
        this.valueSchema = valueSchema;
        this.schema = record(List.of(new Schema.Field(VALUE,
                Schema.createUnion(Schema.create(Schema.Type.NULL), valueSchema), null, JsonProperties.NULL_VALUE)));
    }

    public static RowSchema of(Schema valueSchema) {
        if (valueSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("snapshot values must be Avro records, got " + valueSchema.getType());
        }
        return new RowSchema(valueSchema);
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public Schema schema() {
        return schema;
    }

    /** Fills {@code reuse} (a record of {@link #schema()}) with the row; writers reuse one record for every row. */
    public GenericData.Record fill(GenericData.Record reuse, SnapshotRow row) {
        reuse.put(0, row.key());
        reuse.put(1, OP_SYMBOLS[row.op().ordinal()]);
        reuse.put(2, row.commitTime().toEpochMilli());
        reuse.put(3, row.revision());
        reuse.put(4, row.value());
        return reuse;
    }

    public static SnapshotRow toRow(GenericRecord record) {
        return new SnapshotRow(key(record), op(record), revision(record), commitTime(record),
                (GenericRecord) record.get(VALUE));
    }

    public static String key(GenericRecord record) {
        return record.get(KEY).toString();
    }

    public static SnapshotOp op(GenericRecord record) {
        return SnapshotOp.valueOf(record.get(OP).toString());
    }

    public static long revision(GenericRecord record) {
        return (Long) record.get(REVISION);
    }

    public static Instant commitTime(GenericRecord record) {
        return Instant.ofEpochMilli((Long) record.get(COMMIT_TIME));
    }

    private static Schema record(List<Schema.Field> valueFields) {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        // fill() sets fields by these positions.
        List<Schema.Field> fields = new ArrayList<>(List.of(
                new Schema.Field(KEY, Schema.create(Schema.Type.STRING)),
                new Schema.Field(OP, OP_SCHEMA),
                new Schema.Field(COMMIT_TIME, timestamp),
                new Schema.Field(REVISION, Schema.create(Schema.Type.LONG))));
        fields.addAll(valueFields);
        return Schema.createRecord("SnapshotRow", "One row of a Snapgrid snapshot", NAMESPACE, false, fields);
    }
}
