package io.snapgrid.node.control;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * Admin operations on the snapshot store, requested on any member and run by the control service's leader.
 * <p>
 * A request is recorded as a PENDING {@link SnapshotOperation} in {@link ControlMaps#OPERATIONS}, a map under the
 * same split-brain protection as the rest of the control state, so a member that sees no majority refuses it (the
 * map throws) rather than accept work that nobody may run. Adding the record nudges the leader's
 * {@code snapshot-operations} duty (an entry listener on every member; only the leader acts on it), which runs
 * each waiting operation as a fenced action; a leader elected later picks up whatever is still waiting, and an
 * attempt whose member died is retried. Records expire a day after their last change.
 */
@Singleton
public final class SnapshotOperations {

    private final HazelcastInstance member;

    public SnapshotOperations(HazelcastInstance member) {
        this.member = member;
    }

    /**
     * Records a request for a full snapshot of the map. While one for the same map is still PENDING, that one is
     * returned instead: it has not started, so it will fold in everything this request asks for.
     *
     * @throws com.hazelcast.splitbrainprotection.SplitBrainProtectionException without a majority in view
     */
    public SnapshotOperation requestFullSnapshot(String map) {
        IMap<String, SnapshotOperation> operations = operations();
        Optional<SnapshotOperation> waiting = operations.values().stream()
                .filter(operation -> operation.map().equals(map) && operation.state() == SnapshotOperation.State.PENDING
                        && operation.kind().equals(SnapshotOperation.FULL_SNAPSHOT))
                .min(Comparator.comparing(SnapshotOperation::createdAt));
        if (waiting.isPresent()) {
            return waiting.get();
        }
        Address local = member.getCluster().getLocalMember().getAddress();
        SnapshotOperation operation = SnapshotOperation.fullSnapshot(UUID.randomUUID().toString(), map,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), local.getHost() + ":" + local.getPort());
        operations.set(operation.id(), operation);
        return operation;
    }

    /** @throws com.hazelcast.splitbrainprotection.SplitBrainProtectionException without a majority in view */
    public Optional<SnapshotOperation> find(String id) {
        return Optional.ofNullable(operations().get(id));
    }

    private IMap<String, SnapshotOperation> operations() {
        return member.getMap(ControlMaps.OPERATIONS);
    }
}
