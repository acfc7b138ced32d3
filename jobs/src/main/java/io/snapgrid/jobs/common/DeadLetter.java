package io.snapgrid.jobs.common;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.DeadLetterReason;
import org.apache.avro.generic.GenericData;

import java.io.Serializable;
import java.util.UUID;

/**
 * An event a job could not use, on its way to the dead-letter map.
 *
 * @param eventId the event's id, null when it has none (then the map key takes a random UUID)
 * @param event   the event as JSON, or as much of it as could be read
 */
public record DeadLetter(String job, DeadLetterReason reason, String detail, String event, String eventId, long at)
        implements Serializable {

    /** Dead letters keep a readable excerpt, not a copy of an arbitrarily large value. */
    static final int MAX_EVENT_CHARS = 4096;

    public DeadLetter {
        if (event != null && event.length() > MAX_EVENT_CHARS) {
            event = event.substring(0, MAX_EVENT_CHARS) + "...";
        }
    }

    /** {@code job:eventId}, so that a replayed event overwrites its own dead letter. */
    public String mapKey() {
        return job + ":" + (eventId != null ? eventId : UUID.randomUUID().toString());
    }

    public GenericRecord toCompact() {
        GenericData.Record avro = new GenericData.Record(Schemas.deadLetter().avroSchema());
        avro.put("job", job);
        avro.put("reason", reason.describe(detail));
        avro.put("event", event == null ? "" : event);
        avro.put("eventId", eventId);
        avro.put("at", at);
        return Schemas.deadLetter().toCompact(avro);
    }
}
