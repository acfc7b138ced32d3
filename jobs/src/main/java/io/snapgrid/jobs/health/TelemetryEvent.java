package io.snapgrid.jobs.health;

import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.Schemas;
import io.snapgrid.records.telemetry.TelemetryKind;
import org.apache.avro.generic.GenericData;

/** A telemetry event that passed every check of {@link TelemetryReader}. */
public record TelemetryEvent(String id, String xname, TelemetryKind kind, Double value, long eventTime,
                             long receivedAt) implements JournalItem {

    /** The JSON a dead letter shows. */
    String toJson() {
        GenericData.Record avro = new GenericData.Record(Schemas.event().avroSchema());
        avro.put("id", id);
        avro.put("xname", xname);
        avro.put("kind", kind.wireName());
        avro.put("value", value);
        avro.put("eventTime", eventTime);
        avro.put("receivedAt", receivedAt);
        return Schemas.event().toJson(avro).toString();
    }
}
