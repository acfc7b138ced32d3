package io.snapgrid.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.records.RecordType;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform floor of ingest: the same events written by the stock Java client's {@code putAll}, which sends one
 * operation per partition and, like ingest, returns once every owner and synchronous backup has the entries. They
 * go to {@link #MAP}, configured like {@code telemetry.events} (one synchronous backup, the journal, the TTL; see
 * {@link #STORAGE_CLASS}) but bound to no schema, so no Snapgrid code runs on the write, and read by no job. It does
 * less than ingest: no HTTP, no JSON, no check of each event, no write-once (a re-sent id is overwritten), no
 * per-event result, and no job consuming the events. So its rate bounds what ingest could reach on the same cluster
 * while the grid writes in operations of this size.
 */
final class PutAllTelemetry implements TelemetryPath {

    static final String MAP = "telemetry.floor";
    /** Node flags adding {@link #MAP}'s storage class: telemetry.events' settings without its schema. */
    static final List<String> STORAGE_CLASS = List.of(
            "--storage-classes.telemetry-floor.match=" + MAP,
            "--storage-classes.telemetry-floor.backups=1",
            "--storage-classes.telemetry-floor.durability=none",
            "--storage-classes.telemetry-floor.ttl=1h",
            "--storage-classes.telemetry-floor.event-journal-capacity=1000000");

    private final IMap<String, GenericRecord> events;
    /** An event with every field of the bound schema, in the kinds ingest writes; each event clones it. */
    private final GenericRecord template;

    PutAllTelemetry(HazelcastInstance client, RecordType eventType) {
        this.events = client.getMap(MAP);
        this.template = eventType.toCompact(new ObjectMapper().createObjectNode()
                .put("id", "template").put("xname", "x0c0s0b0n0").put("kind", "heartbeat").putNull("value")
                .put("eventTime", 0L).put("receivedAt", 0L));
    }

    @Override
    public Batch newBatch(int events) {
        return new Records(events);
    }

    @Override
    public Answer send(Batch batch, int attempt) throws IOException, InterruptedException {
        Map<String, GenericRecord> records = ((Records) batch).records;
        try {
            events.putAll(records);
        } catch (HazelcastException e) {
            // The load stops its callers by interrupting them, which the client reports as its own exception.
            if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped while a putAll was in flight");
            }
            throw new IOException("putAll failed; some events may be written", e);
        }
        return new Answer(202, records.size(), 0, 0, "");
    }

    @Override
    public String map() {
        return MAP;
    }

    @Override
    public String target(int attempt) {
        return "putAll to " + MAP;
    }

    private final class Records implements Batch {

        final Map<String, GenericRecord> records;

        Records(int events) {
            records = new HashMap<>(events * 2);
        }

        @Override
        public void add(String id, String xname, String kind, Double value, long eventTime) {
            records.put(id, template.newBuilderWithClone().setString("id", id).setString("xname", xname)
                    .setString("kind", kind).setNullableFloat64("value", value).setInt64("eventTime", eventTime)
                    // No server stamps it on this path: the batch is built just before it is sent.
                    .setInt64("receivedAt", eventTime).build());
        }
    }
}
