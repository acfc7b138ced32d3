package io.snapgrid.node.telemetry;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.impl.MapEntries;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.spi.impl.operationservice.OperationService;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * Gathers the events that concurrent batches send to one partition into one {@link PartitionWrite}: while a write
 * to a partition is in flight, the events arriving for it wait, and the next write carries all of them. Part of a
 * write's cost on the owner and the backup is per operation, not per event (docs/benchmarks.md, "the platform
 * floor"), and a 1,000-event batch has only about 4 events per partition. A batch still gets its answer only once
 * the write that carried its events, and that write's synchronous backups, have completed.
 * <p>
 * One write's events are keyed by id, so an id that is already waiting goes to a later write, which then finds it
 * stored and reports the duplicate, as two writes of it one after the other would.
 */
final class PartitionWriteQueues {

    /** Bounds one operation's size; more waiting events start another write after it. */
    private static final int MAX_EVENTS_PER_WRITE = 2_000;

    private final OperationService operations;
    private final SerializationService serialization;
    private final String map;
    private final TelemetryMetrics metrics;
    private final Map<Integer, Queue> queues = new ConcurrentHashMap<>();

    PartitionWriteQueues(OperationService operations, SerializationService serialization, String map,
                         TelemetryMetrics metrics) {
        this.operations = operations;
        this.serialization = serialization;
        this.map = map;
        this.metrics = metrics;
    }

    /**
     * Writes each event once it is absent, in the next write to its partition.
     *
     * @param events the serialized records by id; {@code keys} the serialized ids, all of {@code partition}
     * @return per id, true if this write stored it, false if the entry was there already
     */
    CompletableFuture<Map<String, Boolean>> write(int partition, Map<String, Data> keys, Map<String, Data> events) {
        Waiter waiter = new Waiter(events.keySet(), new CompletableFuture<>());
        Queue queue = queues.computeIfAbsent(partition, Queue::new);
        queue.add(keys, events, waiter);
        queue.startNextIfIdle();
        return waiter.answer;
    }

    /** The events that one write will carry, and the batches waiting for them. */
    private static final class Group {
        final Set<Data> keys = new HashSet<>();
        final Map<String, Data> events = new HashMap<>();
        final List<Waiter> waiters = new ArrayList<>();

        boolean takes(Map<String, Data> more) {
            return events.size() + more.size() <= MAX_EVENTS_PER_WRITE
                    && more.keySet().stream().noneMatch(events::containsKey);
        }
    }

    private record Waiter(Set<String> ids, CompletableFuture<Map<String, Boolean>> answer) {
    }

    private final class Queue {
        private final int partition;
        private final ArrayDeque<Group> waiting = new ArrayDeque<>();
        private boolean writing;

        Queue(int partition) {
            this.partition = partition;
        }

        synchronized void add(Map<String, Data> keys, Map<String, Data> events, Waiter waiter) {
            Group last = waiting.peekLast();
            if (last == null || !last.takes(events)) {
                last = new Group();
                waiting.addLast(last);
            }
            last.keys.addAll(keys.values());
            last.events.putAll(events);
            last.waiters.add(waiter);
        }

        void startNextIfIdle() {
            Group next;
            synchronized (this) {
                if (writing || waiting.isEmpty()) {
                    return;
                }
                writing = true;
                next = waiting.pollFirst();
            }
            metrics.partitionWrite();
            CompletableFuture<MapEntries> write;
            try {
                write = operations.invokeOnPartition(MapService.SERVICE_NAME,
                        new PartitionWrite(map, next.keys, new WriteOnce(next.events)), partition);
            } catch (RuntimeException e) {
                finished(next, null, e);
                return;
            }
            // Off Hazelcast's own threads: answering and starting the next write are no work for a response or
            // partition thread.
            write.whenCompleteAsync((answers, failure) -> finished(next, answers, failure), ForkJoinPool.commonPool());
        }

        /** Answers the batches whose events the write carried, then starts the next write. */
        private void finished(Group group, MapEntries answers, Throwable failure) {
            synchronized (this) {
                writing = false;
            }
            try {
                if (failure != null) {
                    group.waiters.forEach(waiter -> waiter.answer.completeExceptionally(failure));
                } else {
                    answer(group, answers);
                }
            } finally {
                startNextIfIdle();
            }
        }

        private void answer(Group group, MapEntries answers) {
            Map<String, Boolean> written = new HashMap<>(answers.size() * 2);
            for (int i = 0; i < answers.size(); i++) {
                written.put(serialization.toObject(answers.getKey(i)),
                        serialization.<Boolean>toObject(answers.getValue(i)));
            }
            for (Waiter waiter : group.waiters) {
                Map<String, Boolean> own = new HashMap<>(waiter.ids.size() * 2);
                waiter.ids.forEach(id -> {
                    Boolean stored = written.get(id);
                    if (stored != null) {
                        own.put(id, stored);
                    }
                });
                waiter.answer.complete(own);
            }
        }
    }
}
