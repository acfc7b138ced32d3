package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEventType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.function.PredicateEx;
import com.hazelcast.internal.journal.EventJournalInitialSubscriberState;
import com.hazelcast.internal.journal.EventJournalReader;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.EventJournalMapEvent;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.spi.impl.NodeEngine;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.jobs.health.NodeHealthWindow;
import io.snapgrid.jobs.health.TelemetryEvent;
import io.snapgrid.node.MemberInternals;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.records.telemetry.TelemetryKind;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.snapgrid.node.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/telemetry against a real node: per-event validation, write-once by id, limits, and the map's journal. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryRestTest extends MicronautTestNode {

    private static final int MAX_EVENTS = 40;

    @Inject
    HazelcastInstance member;

    @Override
    protected List<String> flags() {
        return List.of("--telemetry.max-batch-events=" + MAX_EVENTS, "--rest.max-body-bytes=65536");
    }

    private IMap<String, GenericRecord> events() {
        return member.getMap(TelemetryContract.EVENTS_MAP);
    }

    /** A unique id prefix per test, so tests sharing the node never see each other's events. */
    private static String prefix() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    private static ObjectNode event(String id, String xname, String kind, Object value, Object eventTime) {
        ObjectNode event = Http.JSON.createObjectNode();
        event.put("id", id);
        event.put("xname", xname);
        event.put("kind", kind);
        if (value instanceof Number number) {
            event.put("value", number.doubleValue());
        } else if (value != null) {
            event.put("value", value.toString());
        }
        if (eventTime instanceof Long millis) {
            event.put("eventTime", millis);
        } else if (eventTime != null) {
            event.put("eventTime", eventTime.toString());
        }
        return event;
    }

    private static long recently() {
        return System.currentTimeMillis() - 60_000;
    }

    private record Case(JsonNode event, String status, String field, String reason) {
    }

    @Test
    void aPartialBatchWritesItsValidEventsAndNamesEachProblemWithItsField() {
        String p = prefix();
        long now = recently();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(event(p + "hb", "x1000c4s4b1n1", "heartbeat", null, now), "accepted", null, null));
        cases.add(new Case(event(p + "temp-iso", "x1000c0s0b0n0", "temperature", 41.5, "2025-01-31T14:00:00.123+02:00"),
                "accepted", null, null));
        cases.add(new Case(event(p + "power-iso-z", "x9999c7s64b1n7", "power", 1, "2025-01-31T12:00:00Z"),
                "accepted", null, null));
        cases.add(new Case(event(p + "fan", "x0c0s0b0n0", "fan", 5400, now), "accepted", null, null));
        cases.add(new Case(event(p + "volt", "x1c1s1b1n1", "voltage", -12.1, now), "accepted", null, null));
        cases.add(new Case(event(p + "hb-null", "x1000c4s4b1n0", "heartbeat", null, now).putNull("value"),
                "accepted", null, null));
        cases.add(new Case(Http.JSON.getNodeFactory().numberNode(42), "rejected", null, "must be a JSON object"));
        cases.add(new Case(event(null, "x1000c0s0b0n0", "heartbeat", null, now).putNull("id"), "rejected", "id",
                "is required"));
        cases.add(new Case(event(p + "bad id", "x1000c0s0b0n0", "heartbeat", null, now), "rejected", "id",
                "letters, digits"));
        cases.add(new Case(event(p + "x".repeat(129), "x1000c0s0b0n0", "heartbeat", null, now), "rejected", "id",
                "must be 1-128"));
        cases.add(new Case(event(p + "num-id", "x1000c0s0b0n0", "heartbeat", null, now).put("id", 7), "rejected",
                "id", "must be a string"));
        cases.add(new Case(event(p + "chassis8", "x1000c8s0b0n0", "heartbeat", null, now), "rejected", "xname",
                "node xname"));
        cases.add(new Case(event(p + "upper", "X1000C0S0B0N0", "heartbeat", null, now), "rejected", "xname",
                "lower case"));
        cases.add(new Case(event(p + "zero", "x01000c0s0b0n0", "heartbeat", null, now), "rejected", "xname",
                "no leading zeros"));
        cases.add(new Case(event(p + "bmc", "x1000c0s0b0", "heartbeat", null, now), "rejected", "xname",
                "node xname"));
        cases.add(new Case(event(p + "no-xname", null, "heartbeat", null, now).putNull("xname"), "rejected", "xname",
                "is required"));
        cases.add(new Case(event(p + "humid", "x1000c0s0b0n0", "humidity", 40, now), "rejected", "kind",
                "must be one of heartbeat, power, temperature, fan, voltage"));
        cases.add(new Case(event(p + "hb-value", "x1000c0s0b0n0", "heartbeat", 1, now), "rejected", "value",
                "carries no value"));
        cases.add(new Case(event(p + "half-on", "x1000c0s0b0n0", "power", 0.5, now), "rejected", "value",
                "0 (off) or 1 (on)"));
        cases.add(new Case(event(p + "power-none", "x1000c0s0b0n0", "power", null, now), "rejected", "value",
                "is required for a power event"));
        cases.add(new Case(event(p + "hot", "x1000c0s0b0n0", "temperature", "hot", now), "rejected", "value",
                "finite number"));
        cases.add(new Case(event(p + "cold", "x1000c0s0b0n0", "temperature", -300, now), "rejected", "value",
                "-273.15"));
        cases.add(new Case(event(p + "fan-neg", "x1000c0s0b0n0", "fan", -1, now), "rejected", "value", "at least 0"));
        cases.add(new Case(event(p + "no-time", "x1000c0s0b0n0", "heartbeat", null, null), "rejected", "eventTime",
                "is required"));
        cases.add(new Case(event(p + "seconds", "x1000c0s0b0n0", "heartbeat", null, now / 1000), "rejected",
                "eventTime", "epoch seconds"));
        cases.add(new Case(event(p + "fraction", "x1000c0s0b0n0", "heartbeat", null, null).put("eventTime", 1.7e12 + 0.5),
                "rejected", "eventTime", "whole number"));
        cases.add(new Case(event(p + "local", "x1000c0s0b0n0", "heartbeat", null, "2025-01-31T12:00:00"), "rejected",
                "eventTime", "with an offset"));
        cases.add(new Case(event(p + "future", "x1000c0s0b0n0", "heartbeat", null, now + 86_400_000L), "rejected",
                "eventTime", "more than 5m ahead"));
        cases.add(new Case(event(p + "extra", "x1000c0s0b0n0", "heartbeat", null, now).put("sensor", "bmc"),
                "rejected", "sensor", "unknown field"));
        cases.add(new Case(event(p + "recv", "x1000c0s0b0n0", "heartbeat", null, now).put("receivedAt", now),
                "rejected", "receivedAt", "set by ingest"));
        cases.add(new Case(event(p + "hb", "x1000c4s4b1n1", "power", 0, now), "duplicate", "id", "event 0 of this batch"));

        ArrayNode batch = Http.JSON.createArrayNode();
        cases.forEach(c -> batch.add(c.event()));
        Http.Reply reply = http.post("/v1/telemetry", batch.toString());
        assertEquals(202, reply.status(), reply::toString);
        assertEquals("application/json", reply.contentType());
        JsonNode body = reply.json();
        assertEquals(6, body.path("accepted").asInt(), body::toString);
        assertEquals(1, body.path("duplicates").asInt(), body::toString);
        assertEquals(cases.size() - 7, body.path("rejected").asInt(), body::toString);
        JsonNode results = body.path("results");
        assertEquals(cases.size(), results.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode row = results.get(i);
            assertEquals(i, row.path("index").asInt());
            assertEquals(c.status(), row.path("status").asText(), row::toString);
            assertEquals(c.field(), row.hasNonNull("field") ? row.get("field").asText() : null, row::toString);
            if (c.reason() == null) {
                assertFalse(row.has("reason"), row::toString);
            } else {
                assertTrue(row.path("reason").asText().contains(c.reason()), row + " should say " + c.reason());
            }
            if (c.event().path("id").isTextual()) {
                assertEquals(c.event().get("id").asText(), row.path("id").asText(), "results echo the id as sent");
            }
        }

        for (int i = 0; i < cases.size(); i++) {
            JsonNode id = cases.get(i).event().path("id");
            boolean accepted = cases.get(i).status().equals("accepted");
            if (id.isTextual() && !cases.get(i).status().equals("duplicate")) {
                assertEquals(accepted, events().containsKey(id.asText()), "only valid events are written: " + id);
            }
        }
        JsonNode iso = http.get("/v1/maps/telemetry.events/entries/" + p + "temp-iso").json();
        assertEquals(Instant.parse("2025-01-31T12:00:00.123Z").toEpochMilli(), iso.path("eventTime").asLong());
        assertEquals(41.5, iso.path("value").asDouble());
        assertEquals("temperature", iso.path("kind").asText());
        assertEquals("x1000c0s0b0n0", iso.path("xname").asText());
        assertEquals(Instant.parse(body.path("receivedAt").asText()).toEpochMilli(), iso.path("receivedAt").asLong(),
                "receivedAt is set at ingest");
        JsonNode heartbeat = http.get("/v1/maps/telemetry.events/entries/" + p + "hb").json();
        assertEquals("heartbeat", heartbeat.path("kind").asText(), "the first of two events with one id wins");
        assertTrue(heartbeat.path("value").isNull());
        assertEquals(now, heartbeat.path("eventTime").asLong());
    }

    @Test
    void theSameBatchPostedTwiceIsWrittenAndJournalledOnce() {
        String p = prefix();
        ArrayNode batch = Http.JSON.createArrayNode();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(p + i);
            batch.add(event(p + i, "x1001c" + i % 8 + "s0b0n0", i % 2 == 0 ? "heartbeat" : "temperature",
                    i % 2 == 0 ? null : 30.0 + i, recently() + i));
        }
        JsonNode first = http.post("/v1/telemetry", batch.toString()).json();
        assertEquals(12, first.path("accepted").asInt(), first::toString);
        int size = events().size();

        Http.Reply again = http.post("/v1/telemetry", batch.toString());
        assertEquals(202, again.status(), again::toString);
        JsonNode second = again.json();
        assertEquals(0, second.path("accepted").asInt(), second::toString);
        assertEquals(12, second.path("duplicates").asInt());
        second.path("results").forEach(row -> {
            assertEquals("duplicate", row.path("status").asText(), row::toString);
            assertEquals("an event with this id is already stored", row.path("reason").asText());
        });
        assertEquals(size, events().size(), "a re-sent batch adds no entries");
        assertEquals(first.path("receivedAt").asText(),
                java.time.Instant.ofEpochMilli(events().get(p + 0).getInt64("receivedAt")).toString(),
                "a re-send leaves the stored event as it was");

        ArrayNode mixed = batch.deepCopy();
        mixed.add(event(p + "new", "x1001c0s0b0n1", "power", 0, recently()));
        JsonNode third = http.post("/v1/telemetry", mixed.toString()).json();
        assertEquals(1, third.path("accepted").asInt(), third::toString);
        assertEquals(12, third.path("duplicates").asInt());

        ids.add(p + "new");
        Map<String, Integer> journal = journalEvents(p);
        for (String id : ids) {
            assertEquals(1, journal.getOrDefault(id + "/" + EntryEventType.ADDED, 0), "one ADDED event for " + id);
        }
        assertEquals(ids.size(), journal.values().stream().mapToInt(Integer::intValue).sum(),
                "and no other events of these ids: " + journal);
    }

    /**
     * NDJSON (one event per line) goes through the same checks and the same write-once as a JSON array: per-event
     * results in line order, and a re-send of the same events in the other format reports them as duplicates.
     */
    @Test
    void anNdjsonBodyIsCheckedAndWrittenOnceLikeAnArray() {
        String p = prefix();
        List<ObjectNode> events = List.of(
                event(p + "n0", "x1006c0s0b0n0", "heartbeat", null, recently()),
                event(p + "n1", "x1006c0s0b0n0", "smell", null, recently()),
                event(p + "n2", "x1006c0s0b0n1", "temperature", 48.5, recently()));
        StringBuilder lines = new StringBuilder();
        events.forEach(event -> lines.append(event).append('\n'));
        Http.Reply reply = http.post("/v1/telemetry", TelemetryController.NDJSON, lines.toString());
        assertEquals(202, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals(2, body.path("accepted").asInt(), body::toString);
        assertEquals(List.of("accepted", "rejected", "accepted"), statuses(body));
        assertEquals("kind", body.path("results").get(1).path("field").asText(), body::toString);
        assertEquals(48.5, events().get(p + "n2").getNullableFloat64("value"));

        ArrayNode asArray = Http.JSON.createArrayNode();
        events.forEach(asArray::add);
        JsonNode again = http.post("/v1/telemetry", asArray.toString()).json();
        assertEquals(List.of("duplicate", "rejected", "duplicate"), statuses(again), again::toString);

        assertProblem(http.post("/v1/telemetry", TelemetryController.NDJSON, events.get(0) + "\n{\"id\": "), 400,
                "malformed-json");
        assertProblem(http.post("/v1/telemetry", TelemetryController.NDJSON, "\n"), 400, "malformed-json");
    }

    /**
     * Events are written one operation per partition: in a batch of three partitions' events, interleaved, with ids
     * already stored, ids new and ids repeated within the batch side by side in each partition, every event still
     * gets its own result in request order.
     */
    @Test
    void eventsSharingPartitionsGetOneResultEachInRequestOrder() {
        String p = prefix();
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (int i = 0; byPartition.values().stream().filter(ids -> ids.size() >= 4).count() < 3; i++) {
            String id = p + i;
            byPartition.computeIfAbsent(member.getPartitionService().getPartition(id).getPartitionId(),
                    partition -> new ArrayList<>()).add(id);
        }
        List<List<String>> partitions = byPartition.values().stream().filter(ids -> ids.size() >= 4).limit(3)
                .map(ids -> ids.subList(0, 4)).toList();
        ArrayNode stored = Http.JSON.createArrayNode();
        partitions.forEach(ids -> {
            stored.add(event(ids.get(0), "x1007c0s0b0n0", "heartbeat", null, recently()));
            stored.add(event(ids.get(2), "x1007c0s0b0n0", "heartbeat", null, recently()));
        });
        assertEquals(6, http.post("/v1/telemetry", stored.toString()).json().path("accepted").asInt());

        ArrayNode batch = Http.JSON.createArrayNode();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (List<String> ids : partitions) {
                batch.add(event(ids.get(i), "x1007c0s0b0n1", "heartbeat", null, recently()));
                expected.add(i % 2 == 0 ? "duplicate" : "accepted");
            }
            if (i == 1) {
                batch.add(event(partitions.get(0).get(1), "x1007c0s0b0n1", "heartbeat", null, recently()));
                expected.add("duplicate");
            }
        }
        JsonNode body = http.post("/v1/telemetry", batch.toString()).json();
        assertEquals(expected, statuses(body), body::toString);
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(i, body.path("results").get(i).path("index").asInt());
            assertEquals(batch.get(i).path("id").asText(), body.path("results").get(i).path("id").asText());
        }
        assertEquals(6, body.path("accepted").asInt(), body::toString);
        assertEquals(7, body.path("duplicates").asInt(), body::toString);
        assertEquals("x1007c0s0b0n1", events().get(partitions.get(1).get(3)).getString("xname"));
        assertEquals("x1007c0s0b0n0", events().get(partitions.get(1).get(2)).getString("xname"),
                "a stored event stays as it was");
    }

    /**
     * What the 202 rests on, read from a real member: a partition write waits for the map's synchronous backup
     * (Hazelcast's multi-key operation would send it asynchronously), and it travels as itself, so that a remote
     * owner runs it with that count too.
     */
    @Test
    void aPartitionWriteWaitsForTheSynchronousBackupOnEveryMember() {
        NodeEngine engine = MemberInternals.nodeEngine(member);
        MapService maps = engine.getService(MapService.SERVICE_NAME);
        PartitionWrite write = new PartitionWrite(TelemetryContract.EVENTS_MAP, Set.of(), new WriteOnce(Map.of()));
        write.setMapContainer(maps.getMapServiceContext().getMapContainer(TelemetryContract.EVENTS_MAP));
        assertEquals(1, write.getSyncBackupCount(), "telemetry-events has backups: 1");
        assertEquals(0, write.getAsyncBackupCount());

        Object received = engine.getSerializationService().toObject(engine.getSerializationService().toData(write));
        assertEquals(PartitionWrite.class, received.getClass());
    }

    /** The node-health job's items cross partition threads and members in their own form, not Java's. */
    @Test
    void theJobsHotItemsHaveTheirOwnSerializersOnTheNodesMembers() {
        SerializationService serialization = MemberInternals.nodeEngine(member).getSerializationService();
        NodeHealthWindow window = new NodeHealthWindow("x1000c0s0b0n0", 0, 300_000, 1, 299_000L, null, null, null, 0);
        TelemetryEvent event = new TelemetryEvent("e", "x1000c0s0b0n0", TelemetryKind.HEARTBEAT, null, 1, 2);
        for (Object item : List.of(window, event)) {
            Data data = serialization.toData(item);
            assertTrue(data.getType() > 0, () -> item.getClass().getSimpleName() + " is serialized by Hazelcast's type "
                    + data.getType());
            assertEquals(item, serialization.toObject(data));
        }
    }

    private static List<String> statuses(JsonNode body) {
        List<String> statuses = new ArrayList<>();
        body.path("results").forEach(row -> statuses.add(row.path("status").asText()));
        return statuses;
    }

    /** Every journal event of keys starting with {@code prefix}, counted by "key/type", over all partitions. */
    private Map<String, Integer> journalEvents(String prefix) {
        @SuppressWarnings("unchecked")
        EventJournalReader<EventJournalMapEvent<String, GenericRecord>> reader =
                (EventJournalReader<EventJournalMapEvent<String, GenericRecord>>) (Object) events();
        Map<String, Integer> counts = new HashMap<>();
        int partitions = member.getPartitionService().getPartitions().size();
        for (int partition = 0; partition < partitions; partition++) {
            EventJournalInitialSubscriberState state =
                    reader.subscribeToEventJournal(partition).toCompletableFuture().join();
            long sequence = state.getOldestSequence();
            while (sequence <= state.getNewestSequence()) {
                ReadResultSet<EventJournalMapEvent<String, GenericRecord>> read = reader.readFromEventJournal(sequence,
                        0, 1000, partition, PredicateEx.alwaysTrue(), FunctionEx.identity()).toCompletableFuture().join();
                for (EventJournalMapEvent<String, GenericRecord> event : read) {
                    if (event.getKey().startsWith(prefix)) {
                        counts.merge(event.getKey() + "/" + event.getType(), 1, Integer::sum);
                    }
                }
                sequence = read.getNextSequenceToReadFrom();
            }
        }
        return counts;
    }

    @Test
    void aBatchOverTheLimitsIs413AndWritesNothing() {
        String p = prefix();
        ArrayNode batch = Http.JSON.createArrayNode();
        for (int i = 0; i <= MAX_EVENTS; i++) {
            batch.add(event(p + i, "x1002c0s0b0n0", "heartbeat", null, recently()));
        }
        Http.Reply tooMany = http.post("/v1/telemetry", batch.toString());
        assertProblem(tooMany, 413, "request-too-large");
        assertEquals(MAX_EVENTS, tooMany.json().path("limit").asInt());
        assertFalse(events().containsKey(p + 0));

        ArrayNode heavy = Http.JSON.createArrayNode();
        for (int i = 0; i < 10; i++) {
            heavy.add(event(p + "heavy" + i, "x1002c0s0b0n0", "heartbeat", null, recently()).put("pad", "x".repeat(8000)));
        }
        Http.Reply tooBig = http.post("/v1/telemetry", heavy.toString());
        assertEquals(413, tooBig.status(), tooBig::toString);
        assertEquals("application/problem+json", tooBig.contentType());
        assertFalse(events().containsKey(p + "heavy0"));
    }

    @Test
    void aBodyThatIsNoBatchIs400AndABatchWithNothingValidIs400WithItsResults() {
        assertProblem(http.post("/v1/telemetry", "{\"events\": []}"), 400, "malformed-batch");
        assertProblem(http.post("/v1/telemetry", "[{\"id\": "), 400, "malformed-json");
        assertProblem(http.post("/v1/telemetry", ""), 400, "malformed-json");

        String p = prefix();
        ArrayNode invalid = Http.JSON.createArrayNode();
        invalid.add(event(p + "a", "nowhere", "heartbeat", null, recently()));
        invalid.add(event(p + "b", "x1003c0s0b0n0", "smell", null, recently()));
        Http.Reply reply = http.post("/v1/telemetry", invalid.toString());
        assertProblem(reply, 400, "invalid-events");
        JsonNode problem = reply.json();
        assertEquals(0, problem.path("accepted").asInt());
        assertEquals(2, problem.path("rejected").asInt());
        assertEquals("xname", problem.path("results").get(0).path("field").asText(), problem::toString);
        assertEquals("kind", problem.path("results").get(1).path("field").asText(), problem::toString);
        assertFalse(events().containsKey(p + "a"));

        Http.Reply empty = http.post("/v1/telemetry", "[]");
        assertEquals(202, empty.status(), empty::toString);
        assertEquals(0, empty.json().path("results").size());
    }

    @Test
    void theTelemetryMapsAreDescribedAndQueryableAndTheEventsMapKeepsAJournal() {
        String p = prefix();
        ArrayNode batch = Http.JSON.createArrayNode();
        batch.add(event(p + "sql", "x1005c0s0b0n0", "temperature", 55.5, recently()));
        assertEquals(202, http.post("/v1/telemetry", batch.toString()).status());

        JsonNode described = http.get("/v1/maps/telemetry.events").json();
        assertEquals("telemetry-events", described.path("storageClass").asText(), described::toString);
        assertEquals(1_000_000, described.path("eventJournalCapacity").asInt());
        assertEquals(3600, described.path("ttlSeconds").asInt());
        assertEquals("Event", described.path("schema").path("name").asText());
        assertEquals(100_000, http.get("/v1/maps/inventory.nodes").json().path("eventJournalCapacity").asInt());

        String sql = "{\"sql\": \"SELECT xname, kind, \\\"value\\\" FROM \\\"telemetry.events\\\" WHERE __key = ?\","
                + " \"params\": [\"" + p + "sql\"]}";
        Http.Reply rows = http.post("/v1/sql", sql);
        assertEquals(200, rows.status(), rows::toString);
        assertEquals("[{\"xname\":\"x1005c0s0b0n0\",\"kind\":\"temperature\",\"value\":55.5}]",
                rows.json().path("rows").toString(), rows::toString);
        for (String map : List.of("telemetry.node-health", "telemetry.dead-letter", "stats.rack-states")) {
            Http.Reply empty = http.post("/v1/sql", "{\"sql\": \"SELECT COUNT(*) FROM \\\"" + map + "\\\"\"}");
            assertEquals(200, empty.status(), map + " has a SQL mapping: " + empty);
        }
    }

    @Test
    void outcomesAreCountedInPrometheusMetrics() {
        String p = prefix();
        ArrayNode batch = Http.JSON.createArrayNode();
        batch.add(event(p + "ok", "x1004c0s0b0n0", "heartbeat", null, recently()));
        batch.add(event(p + "bad", "x1004c0s0b0n0", "power", 7, recently()));
        batch.add(event(p + "ok", "x1004c0s0b0n0", "heartbeat", null, recently()));
        assertEquals(202, http.post("/v1/telemetry", batch.toString()).status());
        String metrics = http.get("/prometheus").body();
        for (String result : List.of("accepted", "duplicate", "rejected")) {
            double count = metrics.lines().filter(line -> line.startsWith("snapgrid_telemetry_events_total{")
                            && line.contains("result=\"" + result + "\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElse(0);
            assertTrue(count >= 1, result + " is counted: " + metrics.lines()
                    .filter(line -> line.contains("snapgrid_telemetry")).toList());
        }
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("snapgrid_telemetry_partition_writes_total ")
                && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1), () -> "the write is counted: "
                + metrics.lines().filter(line -> line.contains("snapgrid_telemetry")).toList());
    }

    /**
     * Batches reaching a partition while a write to it is in flight share the next write, and each still gets its
     * own answers; an id that is already waiting goes to the write after, which finds it stored. The partition's
     * thread is held by an entry processor, so the batches queue up behind the first write for certain.
     */
    @Test
    void batchesWaitingForAPartitionShareTheNextWriteAndAnIdWaitingTwiceGoesToTheOneAfter() throws Exception {
        NodeEngine engine = MemberInternals.nodeEngine(member);
        SerializationService serialization = engine.getSerializationService();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PartitionWriteQueues queues = new PartitionWriteQueues(engine.getOperationService(), serialization,
                TelemetryContract.EVENTS_MAP, new TelemetryMetrics(registry));
        String p = prefix();
        int partition = member.getPartitionService().getPartition(p + "first").getPartitionId();
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < 5; i++) {
            if (member.getPartitionService().getPartition(p + i).getPartitionId() == partition) {
                ids.add(p + i);
            }
        }
        String blocker = ids.remove(4);
        HoldPartition.reset();
        IMap<String, String> scratch = member.getMap("cache.hold-partition-" + UUID.randomUUID());
        CompletableFuture<Object> held = scratch.submitToKey(blocker, new HoldPartition()).toCompletableFuture();
        try {
            assertTrue(HoldPartition.running.await(30, TimeUnit.SECONDS), "the partition's thread is held");
            // Each batch has its own receivedAt, as each POST does: the same bytes would read as a retry of the write.
            var first = queues.write(partition, keys(serialization, p + "first"),
                    records(serialization, 1, p + "first"));
            var second = queues.write(partition, keys(serialization, ids.get(0), ids.get(1)),
                    records(serialization, 2, ids.get(0), ids.get(1)));
            var third = queues.write(partition, keys(serialization, ids.get(1), ids.get(2)),
                    records(serialization, 3, ids.get(1), ids.get(2)));
            var fourth = queues.write(partition, keys(serialization, ids.get(3)),
                    records(serialization, 4, ids.get(3)));
            HoldPartition.release.countDown();
            assertEquals(Map.of(p + "first", true), first.get(30, TimeUnit.SECONDS));
            assertEquals(Map.of(ids.get(0), true, ids.get(1), true), second.get(30, TimeUnit.SECONDS));
            assertEquals(Map.of(ids.get(1), false, ids.get(2), true), third.get(30, TimeUnit.SECONDS),
                    "an id already waiting is written after, and found stored");
            assertEquals(Map.of(ids.get(3), true), fourth.get(30, TimeUnit.SECONDS));
            assertEquals(3.0, registry.get("snapgrid.telemetry.partition-writes").counter().count(),
                    "the first write, then the second batch, then the third and fourth together");
        } finally {
            HoldPartition.release.countDown();
            held.get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Data> keys(SerializationService serialization, String... ids) {
        Map<String, Data> keys = new HashMap<>();
        for (String id : ids) {
            keys.put(id, serialization.toData(id));
        }
        return keys;
    }

    private static Map<String, Data> records(SerializationService serialization, long receivedAt, String... ids) {
        Map<String, Data> records = new HashMap<>();
        for (String id : ids) {
            records.put(id, serialization.toData(GenericRecordBuilder.compact(TelemetryContract.EVENT_TYPE)
                    .setString("id", id).setString("xname", "x1008c0s0b0n0").setString("kind", "heartbeat")
                    .setNullableFloat64("value", null).setInt64("eventTime", recently())
                    .setInt64("receivedAt", receivedAt).build()));
        }
        return records;
    }

    /** Holds its partition's thread until released; static, since it runs in this JVM's only member. */
    private static final class HoldPartition implements EntryProcessor<String, String, Object> {
        static volatile CountDownLatch running = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        static void reset() {
            running = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        @Override
        public Object process(Map.Entry<String, String> entry) {
            running.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}
