package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.spi.impl.NodeEngine;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.snapgrid.node.MemberInternals;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Writes the valid events of a batch to {@code telemetry.events}, once per id, with one operation per partition
 * ({@link PartitionWrite}) rather than one per event, shared with the events other batches have for that partition
 * at the same time ({@link PartitionWriteQueues}). Returns only when every written event is on its owner and its
 * synchronous backups, so the caller's 202 means "durable in the grid": the REST source cannot rewind; the map's
 * journal can.
 */
@Context // built at startup, so a schema that does not fit stops the node rather than the first batch
@Requires(bean = HazelcastInstance.class) // none in a settings-only context
final class TelemetryIngest {

    enum Status { ACCEPTED, DUPLICATE, REJECTED }

    /** One event's outcome; {@code reason} and {@code field} are null when there is nothing to say. */
    record Result(int index, String id, Status status, String reason, String field) {
    }

    record Report(long receivedAt, List<Result> results) {
        long count(Status status) {
            return results.stream().filter(result -> result.status() == status).count();
        }
    }

    /**
     * The valid events of one partition in a batch: their keys and their records serialized, by id, and their
     * places in the batch.
     */
    private static final class PartitionEvents {
        final Map<String, Data> keys = new HashMap<>();
        final Map<String, Data> records = new HashMap<>();
        final Map<String, Integer> indexes = new HashMap<>();
    }

    private final HazelcastInstance member;
    private final SerializationService serialization;
    private final PartitionWriteQueues queues;
    /** A record with every field of the bound schema, defaults included; each event is a clone with its own. */
    private final GenericRecord template;
    private final EventParser parser;
    private final TelemetryMetrics metrics;
    private final PartitionBackups backups;
    private final boolean clusterExpected;

    TelemetryIngest(HazelcastInstance member, SnapgridSettings settings, TelemetryMetrics metrics) {
        // StorageClassChecks has checked that this class exists, binds snapgrid.telemetry.Event, has a backup
        // and a journal; converting one event through the schema here proves it needs no field ingest does not
        // set, and building one from the template proves the fields have the kinds ingest writes.
        RecordType type = settings.storageClasses().forMap(TelemetryContract.EVENTS_MAP)
                .flatMap(storageClass -> storageClass.schema()).orElseThrow();
        ObjectNode sample = JsonNodeFactory.instance.objectNode().put("id", "startup-check").put("xname", "x0c0s0b0n0")
                .put("kind", TelemetryKind.HEARTBEAT.wireName()).putNull("value").put("eventTime", 0L)
                .put("receivedAt", 0L);
        this.template = type.toCompact(sample);
        record(new EventParser.Valid("startup-check", "x0c0s0b0n0", TelemetryKind.HEARTBEAT, null, 0), 0);
        this.member = member;
        NodeEngine engine = MemberInternals.nodeEngine(member);
        this.serialization = engine.getSerializationService();
        this.queues = new PartitionWriteQueues(engine.getOperationService(), serialization,
                TelemetryContract.EVENTS_MAP, metrics);
        this.parser = new EventParser(settings.telemetry().maxClockSkew());
        this.metrics = metrics;
        this.backups = new PartitionBackups(member);
        this.clusterExpected = settings.cluster().expectedSize() > 1;
    }

    EventParser parser() {
        return parser;
    }

    Report ingest(List<EventParser.Parsed> batch, long receivedAt) {
        Result[] results = new Result[batch.size()];
        Map<String, Integer> firstValid = new HashMap<>();
        Map<Integer, PartitionEvents> byPartition = new HashMap<>();
        int rejected = 0;
        int duplicates = 0;
        for (int index = 0; index < batch.size(); index++) {
            EventParser.Parsed parsed = batch.get(index);
            if (parsed instanceof EventParser.Rejected r) {
                results[index] = new Result(index, r.id(), Status.REJECTED, r.reason(), r.field());
                rejected++;
                continue;
            }
            EventParser.Valid valid = (EventParser.Valid) parsed;
            Integer first = firstValid.putIfAbsent(valid.id(), index);
            if (first != null) {
                results[index] = new Result(index, valid.id(), Status.DUPLICATE,
                        "same id as event " + first + " of this batch, which is the one ingested", "id");
                duplicates++;
                continue;
            }
            Data key = serialization.toData(valid.id());
            PartitionEvents events = byPartition.computeIfAbsent(backups.partitionOf(key), p -> new PartitionEvents());
            events.keys.put(valid.id(), key);
            events.records.put(valid.id(), serialization.toData(record(valid, receivedAt)));
            events.indexes.put(valid.id(), index);
        }
        requireBackups(byPartition, firstValid.size(), rejected);

        Map<Integer, CompletableFuture<Map<String, Boolean>>> writes = new HashMap<>();
        byPartition.forEach((partition, events) -> writes.put(partition,
                queues.write(partition, events.keys, events.records)));
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int answered = 0;
        for (Map.Entry<Integer, CompletableFuture<Map<String, Boolean>>> write : writes.entrySet()) {
            PartitionEvents events = byPartition.get(write.getKey());
            try {
                for (Map.Entry<String, Boolean> answer : write.getValue().join().entrySet()) {
                    String id = answer.getKey();
                    int index = events.indexes.get(id);
                    boolean written = answer.getValue();
                    answered++;
                    accepted += written ? 1 : 0;
                    duplicates += written ? 0 : 1;
                    results[index] = written ? new Result(index, id, Status.ACCEPTED, null, null)
                            : new Result(index, id, Status.DUPLICATE, "an event with this id is already stored", "id");
                }
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                events.records.keySet().forEach(id -> failures.add(id + ": " + cause));
            }
        }
        if (failures.isEmpty() && answered != firstValid.size()) {
            failures.add((firstValid.size() - answered) + " events had no answer from their partition's owner");
        }
        metrics.record(accepted, duplicates, rejected, failures.size());
        if (!failures.isEmpty()) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-unavailable", failures.size() + " of "
                    + firstValid.size() + " valid events could not be confirmed written (first: " + failures.get(0)
                    + "). Re-send the whole batch: events that were written are then reported as duplicates.")
                    .with("failed", failures.size());
        }
        return new Report(receivedAt, List.of(results));
    }

    /**
     * A 202 promises each event a copy on a second member, which Hazelcast's synchronous backup gives only when the
     * event's partition has a backup replica (see {@link PartitionBackups}). While one has none, because data is
     * migrating after a member joined or left, or because a cluster meant to have several members is down to one,
     * the whole batch is refused with nothing written, and the client re-sends it. A lone member whose
     * cluster.expected-size is 1 has nowhere to put a backup and acknowledges with its one copy.
     */
    private void requireBackups(Map<Integer, PartitionEvents> byPartition, int valid, int rejected) {
        if (valid == 0 || (!clusterExpected && member.getCluster().getMembers().size() == 1)) {
            return;
        }
        int unprotected = byPartition.entrySet().stream().filter(events -> !backups.hasBackup(events.getKey()))
                .mapToInt(events -> events.getValue().keys.size()).sum();
        if (unprotected > 0) {
            metrics.record(0, 0, rejected, valid);
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-unavailable", unprotected + " of the "
                    + valid + " valid events belong to partitions that have no backup replica right now (data is"
                    + " migrating after a member joined or left, or too few members are up), so none was written."
                    + " Re-send the batch shortly.").with("failed", valid);
        }
    }

    /** A clone of the template with the event's fields: the bound schema's, without a conversion through JSON. */
    private GenericRecord record(EventParser.Valid event, long receivedAt) {
        return template.newBuilderWithClone()
                .setString("id", event.id())
                .setString("xname", event.xname())
                .setString("kind", event.kind().wireName())
                .setNullableFloat64("value", event.value())
                .setInt64("eventTime", event.eventTime())
                .setInt64("receivedAt", receivedAt)
                .build();
    }
}
