package io.snapgrid.node.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.Xname;
import io.snapgrid.records.telemetry.TelemetryKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Validates a batch of events and writes the valid ones to {@code telemetry.events}, once per id. Returns only when
 * every written event is on its owner and its synchronous backups, so the caller's 202 means "durable in the grid":
 * the REST source cannot rewind; the map's journal can.
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

    private final HazelcastInstance member;
    private final IMap<String, GenericRecord> events;
    private final RecordType type;
    private final EventParser parser;
    private final TelemetryMetrics metrics;
    private final PartitionBackups backups;
    private final boolean clusterExpected;

    TelemetryIngest(HazelcastInstance member, SnapgridSettings settings, TelemetryMetrics metrics) {
        // StorageClassChecks has checked that this class exists, binds snapgrid.telemetry.Event, has a backup
        // and a journal; building one record here also proves the schema needs no field ingest does not set.
        this.type = settings.storageClasses().forMap(TelemetryContract.EVENTS_MAP)
                .flatMap(storageClass -> storageClass.schema()).orElseThrow();
        record(new EventParser.Valid("startup-check", new Xname(0, 0, 0, 0, 0), TelemetryKind.HEARTBEAT, null, 0), 0);
        this.member = member;
        this.events = member.getMap(TelemetryContract.EVENTS_MAP);
        this.parser = new EventParser(settings.telemetry().maxClockSkew());
        this.metrics = metrics;
        this.backups = new PartitionBackups(member);
        this.clusterExpected = settings.cluster().expectedSize() > 1;
    }

    Report ingest(List<JsonNode> batch) {
        long receivedAt = System.currentTimeMillis();
        Result[] results = new Result[batch.size()];
        Map<String, Integer> firstValid = new HashMap<>();
        Map<Integer, EventParser.Valid> toWrite = new LinkedHashMap<>();
        for (int index = 0; index < batch.size(); index++) {
            EventParser.Parsed parsed = parser.parse(batch.get(index), receivedAt);
            if (parsed instanceof EventParser.Rejected rejected) {
                results[index] = new Result(index, rejected.id(), Status.REJECTED, rejected.reason(), rejected.field());
                continue;
            }
            EventParser.Valid valid = (EventParser.Valid) parsed;
            Integer first = firstValid.putIfAbsent(valid.id(), index);
            if (first != null) {
                results[index] = new Result(index, valid.id(), Status.DUPLICATE,
                        "same id as event " + first + " of this batch, which is the one ingested", "id");
            } else {
                toWrite.put(index, valid);
            }
        }
        int rejected = (int) Arrays.stream(results).filter(r -> r != null && r.status() == Status.REJECTED).count();
        requireBackups(toWrite.values(), rejected);

        Map<Integer, CompletableFuture<Boolean>> writes = new LinkedHashMap<>();
        toWrite.forEach((index, valid) -> writes.put(index, write(valid.id(), record(valid, receivedAt))));
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (Map.Entry<Integer, CompletableFuture<Boolean>> write : writes.entrySet()) {
            int index = write.getKey();
            String id = toWrite.get(index).id();
            try {
                boolean written = write.getValue().join();
                accepted += written ? 1 : 0;
                results[index] = written ? new Result(index, id, Status.ACCEPTED, null, null)
                        : new Result(index, id, Status.DUPLICATE, "an event with this id is already stored", "id");
            } catch (CompletionException | CancellationException e) {
                failures.add(id + ": " + (e.getCause() == null ? e : e.getCause()));
            }
        }
        int duplicates = (int) Arrays.stream(results).filter(r -> r != null && r.status() == Status.DUPLICATE).count();
        metrics.record(accepted, duplicates, rejected, failures.size());
        if (!failures.isEmpty()) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-unavailable", failures.size() + " of "
                    + writes.size() + " valid events could not be confirmed written (first: " + failures.get(0)
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
    private void requireBackups(Collection<EventParser.Valid> valid, int rejected) {
        if (valid.isEmpty() || (!clusterExpected && member.getCluster().getMembers().size() == 1)) {
            return;
        }
        long unprotected = valid.stream().filter(event -> !backups.hasBackup(event.id())).count();
        if (unprotected > 0) {
            metrics.record(0, 0, rejected, valid.size());
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "ingest-unavailable", unprotected + " of the "
                    + valid.size() + " valid events belong to partitions that have no backup replica right now (data is"
                    + " migrating after a member joined or left, or too few members are up), so none was written."
                    + " Re-send the batch shortly.").with("failed", valid.size());
        }
    }

    /*
     * Why one submitToKey per event and not IMap.executeOnKeys: executeOnKeys runs as one PartitionIteratingOperation
     * per member (OperationService.invokeOnPartitionsAsync, checked in 5.7.0's MapProxySupport), and that path
     * "will not wait for [sync backups'] completion; it returns once the operations are completed on primary
     * replicas" (OperationService javadoc, hazelcast#14581): its sub-operations have no invocation of their own to
     * ack to. submitToKey is an EntryOperation, a BackupAwareOperation invoked on its own: the owner sends an
     * EntryBackupOperation per backup (sync ones with the call id), and the invocation's future completes only once
     * the owner's response and one ack per synchronous backup have arrived (BaseInvocation backupsAcksExpected /
     * backupsAcksReceived). The one exception: when an ack has not come within hazelcast.operation.backup.timeout.millis
     * (5 s), Hazelcast re-invokes if the owner has left, and otherwise completes without it, or fails with
     * IndeterminateOperationStateException if hazelcast.operation.fail.on.indeterminate.state is true (settable in
     * cluster.hazelcast-properties); that failure reaches the client as a 503 and a re-send is safe. The calls run
     * concurrently, so a batch costs about one round trip, not one per event.
     */
    private CompletableFuture<Boolean> write(String id, GenericRecord event) {
        return events.submitToKey(id, new WriteOnce(event)).toCompletableFuture();
    }

    private GenericRecord record(EventParser.Valid event, long receivedAt) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", event.id());
        json.put("xname", event.xname().toString());
        json.put("kind", event.kind().wireName());
        json.put("value", event.value());
        json.put("eventTime", event.eventTime());
        json.put("receivedAt", receivedAt);
        return type.toCompact(json);
    }

}
