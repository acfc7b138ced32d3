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
        GenericData.Record avro = Schemas.nodeHealth().toAvro(compact);
        return new NodeHealthWindow(avro.get("xname").toString(), (Long) avro.get("windowStart"),
                (Long) avro.get("windowEnd"), (Long) avro.get("heartbeats"), (Long) avro.get("lastHeartbeat"),
                (Double) avro.get("minTemperature"), (Double) avro.get("maxTemperature"),
                (Double) avro.get("avgTemperature"), (Long) avro.get("powerTransitions"));
    }

    public GenericRecord toCompact() {
        GenericData.Record avro = new GenericData.Record(Schemas.nodeHealth().avroSchema());
        avro.put("xname", xname);
        avro.put("windowStart", windowStart);
        avro.put("windowEnd", windowEnd);
        avro.put("heartbeats", heartbeats);
        avro.put("lastHeartbeat", lastHeartbeat);
        avro.put("minTemperature", minTemperature);
        avro.put("maxTemperature", maxTemperature);
        avro.put("avgTemperature", avgTemperature);
        avro.put("powerTransitions", powerTransitions);
        return Schemas.nodeHealth().toCompact(avro);
    }

    /** True when nothing the record shows happened in the window. */
    public boolean isEmpty() {
        return heartbeats == 0 && minTemperature == null && powerTransitions == 0;
    }
}
