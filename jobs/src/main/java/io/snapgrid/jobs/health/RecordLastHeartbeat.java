package io.snapgrid.jobs.health;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.Schemas;
import org.apache.avro.generic.GenericData;

import java.util.Map;

/**
 * Sets {@code lastHeartbeat} of one {@code inventory.nodes} record, atomically on the partition that owns it, and
 * only if the node exists (a heartbeat never creates a node) and the new time is later than the stored one (a
 * replayed or older window never moves it back). A record that is not a readable Node is left alone.
 */
final class RecordLastHeartbeat implements EntryProcessor<Object, Object, Void> {

    private static final String FIELD = "lastHeartbeat";

    private final long lastHeartbeat;

    RecordLastHeartbeat(long lastHeartbeat) {
        this.lastHeartbeat = lastHeartbeat;
    }

    long lastHeartbeat() {
        return lastHeartbeat;
    }

    @Override
    public Void process(Map.Entry<Object, Object> entry) {
        if (!(entry.getValue() instanceof GenericRecord node)) {
            return null;
        }
        FieldKind kind = node.getFieldKind(FIELD);
        if (kind == FieldKind.NULLABLE_INT64 || kind == FieldKind.INT64) {
            Long stored = node.getNullableInt64(FIELD);
            if (stored != null && stored >= lastHeartbeat) {
                return null;
            }
            // Same Compact schema, one field changed: the cheap path for every record written by Snapgrid.
            entry.setValue(kind == FieldKind.INT64
                    ? node.newBuilderWithClone().setInt64(FIELD, lastHeartbeat).build()
                    : node.newBuilderWithClone().setNullableInt64(FIELD, lastHeartbeat).build());
            return null;
        }
        // A client wrote the node without the field (RecordType reads it as null): rebuild it with the field.
        GenericData.Record avro;
        try {
            avro = Schemas.node().toAvro(node);
        } catch (RuntimeException notANode) {
            return null;
        }
        avro.put(FIELD, lastHeartbeat);
        entry.setValue(Schemas.node().toCompact(avro));
        return null;
    }
}
