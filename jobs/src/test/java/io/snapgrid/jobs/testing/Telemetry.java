package io.snapgrid.jobs.testing;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.common.Schemas;
import org.apache.avro.generic.GenericData;

/** A telemetry event as a test writes it, and its Compact form as ingest would store it. */
public record Telemetry(String id, String xname, String kind, Double value, long eventTime) {

    public static Telemetry heartbeat(String id, String xname, long eventTime) {
        return new Telemetry(id, xname, "heartbeat", null, eventTime);
    }

    public GenericRecord toCompact() {
        GenericData.Record avro = new GenericData.Record(Schemas.event().avroSchema());
        avro.put("id", id);
        avro.put("xname", xname);
        avro.put("kind", kind);
        avro.put("value", value);
        avro.put("eventTime", eventTime);
        avro.put("receivedAt", System.currentTimeMillis());
        return Schemas.event().toCompact(avro);
    }
}
