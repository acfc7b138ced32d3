package io.snapgrid.node.records;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.client.RecordShapeException;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.RecordValidationException;
import io.snapgrid.snapshot.mapstore.PutInterceptor;

import java.io.Serial;
import java.util.Objects;

/**
 * Makes every record written to a schema-bound map, by any client, the canonical Compact form of its schema: a
 * missing field that has a default (or is nullable) is filled in, map entries are sorted, and a record that lacks a
 * required field or has a field of another kind is refused with a {@link RecordShapeException} naming the field.
 * So a record reads the same before and after a restart (the snapshot store writes the schema's form), and the same
 * as REST would have stored it. Hazelcast ships interceptors to every member (and to members that join later) by
 * Java serialization, hence the schema travels as its text.
 */
final class RecordShapeInterceptor extends PutInterceptor {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String mapName;
    private final String schema;
    private transient volatile RecordType type;

    RecordShapeInterceptor(String mapName, RecordType type) {
        this.mapName = mapName;
        this.schema = type.avroSchema().toString();
        this.type = type;
    }

    /** Runs on the partition thread, with the value deserialised; what it returns is what the map stores. */
    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        RecordType recordType = type();
        if (!(newValue instanceof GenericRecord record)) {
            throw new RecordShapeException(mapName + " holds " + recordType.typeName() + " Compact records; got "
                    + (newValue == null ? "null" : newValue.getClass().getName()));
        }
        try {
            return recordType.toCompact(recordType.toAvro(record));
        } catch (RecordValidationException e) {
            throw new RecordShapeException(mapName + ": the record does not match schema " + recordType.typeName()
                    + " at '" + e.path() + "': " + e.getMessage());
        }
    }

    private RecordType type() {
        RecordType parsed = type;
        if (parsed == null) {
            parsed = RecordType.parse(schema);
            type = parsed;
        }
        return parsed;
    }

    /**
     * Hazelcast names a registration by class and hash code, so equal interceptors added by every member (and again
     * after a restart) are one registration.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof RecordShapeInterceptor that && mapName.equals(that.mapName)
                && schema.equals(that.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mapName, schema);
    }
}
