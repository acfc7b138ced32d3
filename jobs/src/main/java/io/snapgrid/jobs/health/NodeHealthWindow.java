package io.snapgrid.jobs.health;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.Schemas;
import org.apache.avro.generic.GenericData;

import java.io.Serializable;

/** The result of one node-health window for one node, as the {@code snapgrid.telemetry.NodeHealth} record. */
public record NodeHealthWindow(String xname, long windowStart, long windowEnd, long heartbeats, Long lastHeartbeat,
                               Double minTemperature, Double maxTemperature, Double avgTemperature,
                               long powerTransitions) implements Serializable {

    static NodeHealthWindow of(String xname, long windowStart, long windowEnd, HealthSummary summary) {
        return new NodeHealthWindow(xname, windowStart, windowEnd, summary.heartbeats(), summary.lastHeartbeat(),
                summary.minTemperature(), summary.maxTemperature(), summary.avgTemperature(),
                summary.powerTransitions());
    }

    /** Reads a record this job (or anything writing the same schema) wrote. */
    public static NodeHealthWindow fromCompact(GenericRecord compact) {
        if (Schemas.nodeHealth().hasWrittenKinds(compact) && compact.getString("xname") != null) {
            return new NodeHealthWindow(compact.getString("xname"), compact.getInt64("windowStart"),
                    compact.getInt64("windowEnd"), compact.getInt64("heartbeats"),
                    compact.getNullableInt64("lastHeartbeat"), compact.getNullableFloat64("minTemperature"),
                    compact.getNullableFloat64("maxTemperature"), compact.getNullableFloat64("avgTemperature"),
                    compact.getInt64("powerTransitions"));
        }
        GenericData.Record avro = Schemas.nodeHealth().toAvro(compact);
        return new NodeHealthWindow(avro.get("xname").toString(), (Long) avro.get("windowStart"),
                (Long) avro.get("windowEnd"), (Long) avro.get("heartbeats"), (Long) avro.get("lastHeartbeat"),
                (Double) avro.get("minTemperature"), (Double) avro.get("maxTemperature"),
                (Double) avro.get("avgTemperature"), (Long) avro.get("powerTransitions"));
    }

    /**
     * The record in the Compact form {@code Schemas.nodeHealth()} gives it, set on a template of that form: every
     * window result passes here on its owner and on its backup, and the way through Avro costs several times as
     * much as setting nine fields.
     */
    public GenericRecord toCompact() {
        return Template.RECORD.newBuilderWithClone()
                .setString("xname", xname)
                .setInt64("windowStart", windowStart)
                .setInt64("windowEnd", windowEnd)
                .setInt64("heartbeats", heartbeats)
                .setNullableInt64("lastHeartbeat", lastHeartbeat)
                .setNullableFloat64("minTemperature", minTemperature)
                .setNullableFloat64("maxTemperature", maxTemperature)
                .setNullableFloat64("avgTemperature", avgTemperature)
                .setInt64("powerTransitions", powerTransitions)
                .build();
    }

    /** True when nothing the record shows happened in the window. */
    public boolean isEmpty() {
        return heartbeats == 0 && minTemperature == null && powerTransitions == 0;
    }

    /** A record with every field of the schema, built once through the schema's own conversion. */
    private static final class Template {
        static final GenericRecord RECORD;

        static {
            GenericData.Record avro = new GenericData.Record(Schemas.nodeHealth().avroSchema());
            avro.put("xname", "template");
            for (String field : new String[] {"windowStart", "windowEnd", "heartbeats", "powerTransitions"}) {
                avro.put(field, 0L);
            }
            RECORD = Schemas.nodeHealth().toCompact(avro);
        }
    }
}
