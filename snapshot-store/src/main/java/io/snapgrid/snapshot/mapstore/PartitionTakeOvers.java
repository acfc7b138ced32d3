package io.snapgrid.snapshot.mapstore;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.query.Predicates;
import io.snapgrid.snapshot.SnapshotRow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the entries of durable maps durable again on this member when it becomes the owner of partitions whose
 * owner left the cluster. A member's commit log may live on a volume lost with it; the acknowledged strong writes it
 * held that were not rolled into deltas yet then exist only in memory, on the members that held the backups. So the
 * new owner reads each taken-over entry on its partition thread, gives it a revision there ({@link RevisionStamp})
 * and appends it to its own commit log. Until that is fsync'd, {@link #pending()} is true.
 *
 * <p>Weak maps need the same: the promoted backup's write-behind queue is not a full record of what the departed
 * owner had not stored. Hazelcast drops a backup's queued change a fixed delay after it was due, stored by the owner
 * or not, and a coalesced change keeps the due time of the first change queued for its key; so a change made just
 * before the owner died can be gone from the backup's queue although the owner never stored it. The new owner
 * therefore writes one delta with every taken-over entry, and a tombstone for every key the store still holds in
 * those partitions that memory does not (a delete the departed owner never stored). Maps that evict are left
 * without tombstones: there an absent key may still be stored on purpose.
 *
 * <p>Take-overs are found by comparing the owners recorded here with the partition table, not from migration
 * events: a partition whose recorded owner is no longer a member and whose owner is now this member was taken over.
 * A partition that moved here while its old owner was still a member (a join, a graceful leave) was migrated; the
 * rows of its entries written before are in the old owner's log until that rolls, so when the old owner leaves,
 * such partitions are made durable here too (after a graceful leave that costs a needless re-log, nothing more).
 * The table is refreshed every {@link #REFRESH_MILLIS} ms and at once when a member leaves.
 */
final class PartitionTakeOvers implements MembershipListener {

    static final long REFRESH_MILLIS = 500;
    /** Rows per commit-log append: a few large group commits, well inside the log's queue. */
    private static final int ROWS_PER_APPEND = 1000;

    private final SnapshotMapStores stores;
    private final HazelcastInstance member;
    /** The owner of each partition when last looked at; kept for a departed owner until its take-over is done. */
    private final Map<Integer, UUID> owners = new ConcurrentHashMap<>();
    /** The member each partition this member owns was migrated from, while it was still a member. */
    private final Map<Integer, UUID> migratedFrom = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "snapshot-take-over");
        t.setDaemon(true);
        return t;
    });

    private PartitionTakeOvers(SnapshotMapStores stores, HazelcastInstance member) {
        this.stores = stores;
        this.member = member;
    }

    static PartitionTakeOvers watch(SnapshotMapStores stores, HazelcastInstance member) {
        PartitionTakeOvers takeOvers = new PartitionTakeOvers(stores, member);
        // Registered from this thread, not the caller's: the caller is a MapStore's init, inside Hazelcast.
        takeOvers.thread.execute(() -> member.getCluster().addMembershipListener(takeOvers));
        takeOvers.thread.scheduleWithFixedDelay(takeOvers::refresh, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        return takeOvers;
    }

    /**
     * Whether a partition whose owner left may still hold entries or deletes that are in no log or snapshot: its
     * new owner is not known yet, or it is this member and the take-over has not been written and fsync'd (its
     * partitions stay recorded as the departed member's until then).
     */
    boolean pending() {
        Set<UUID> members = memberIds();
        return Stream.concat(owners.values().stream(), migratedFrom.values().stream())
                .anyMatch(owner -> !members.contains(owner));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        refreshSoon();
    }

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    void stop() {
        thread.shutdownNow();
    }

    private void refreshSoon() {
        try {
            thread.execute(this::refresh);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void refresh() {
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        try {
            UUID self = member.getCluster().getLocalMember().getUuid();
            Set<UUID> members = memberIds();
            Map<UUID, Set<Integer>> takenOver = new HashMap<>();
            // Taken over from an owner that died holding them, not migrated here before it left.
            Set<Integer> promoted = new HashSet<>();
            for (Partition partition : member.getPartitionService().getPartitions()) {
                Member owner = partition.getOwner();
                if (owner == null) {
                    continue;
                }
                int id = partition.getPartitionId();
                UUID recorded = owners.get(id);
                if (recorded != null && !members.contains(recorded)) {
                    if (owner.getUuid().equals(recorded)) {
                        continue;   // the partition table does not know yet
                    }
                    if (owner.getUuid().equals(self)) {
                        takenOver.computeIfAbsent(recorded, departed -> new TreeSet<>()).add(id);
                        promoted.add(id);
                        continue;
                    }
                }
                if (!owner.getUuid().equals(self)) {
                    migratedFrom.remove(id);
                } else if (recorded != null && !recorded.equals(self)) {
                    migratedFrom.put(id, recorded);
                }
                owners.put(id, owner.getUuid());
            }
            migratedFrom.forEach((id, source) -> {
                if (!members.contains(source)) {
                    takenOver.computeIfAbsent(source, departed -> new TreeSet<>()).add(id);
                }
            });
            takenOver.forEach((departed, partitions) -> {
                takeOver(departed, partitions, promoted);
                partitions.forEach(id -> {
                    owners.put(id, self);
                    migratedFrom.remove(id);
                });
            });
        } catch (RuntimeException e) {
            // Left recorded as the departed member's, so the next refresh tries again and pending() stays true.
            stores.events().takeOverFailed(e);
        }
    }

    /**
     * @param promoted the partitions whose write-behind queues this member took from a backup replica rather than by
     *                 migration from their owner, which hands over its whole queue: only those need the weak maps'
     *                 entries written again
     */
    private void takeOver(UUID departed, Set<Integer> partitions, Set<Integer> promoted) {
        long start = System.nanoTime();
        long entries = 0;
        Set<Object> partitionKeys = keysOf(partitions);
        for (DurableMap map : stores.strongMaps()) {
            entries += relog(map, partitionKeys);
        }
        Set<Integer> fromBackups = new TreeSet<>(partitions);
        fromBackups.retainAll(promoted);
        if (!fromBackups.isEmpty()) {
            Set<Object> backupKeys = keysOf(fromBackups);
            for (DurableMap map : stores.weakMaps()) {
                entries += restore(map, fromBackups, backupKeys);
            }
        }
        stores.events().tookOver(departed, partitions.size(), entries,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Appends the map's entries in the given partitions to this member's log and waits until they are fsync'd. */
    private long relog(DurableMap map, Set<Object> partitionKeys) {
        Map<Object, Object[]> stamped = member.getMap(map.name()).executeOnEntries(new RevisionStamp(),
                Predicates.multiPartitionPredicate(partitionKeys, Predicates.alwaysTrue()));
        StoredRows rows = new StoredRows(map, stores.clock());
        Instant now = Instant.now();
        List<SnapshotRow> batch = new ArrayList<>(ROWS_PER_APPEND);
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (Map.Entry<Object, Object[]> entry : stamped.entrySet()) {
            try {
                batch.add(rows.upsert(entry.getKey(), entry.getValue()[1], (Long) entry.getValue()[0], now));
            } catch (UnstorableRecordException e) {
                stores.events().unstorable(map.name(), entry.getKey(), e.getMessage());
            }
            if (batch.size() == ROWS_PER_APPEND) {
                appends.add(stores.log().append(map.name(), batch));
                batch = new ArrayList<>(ROWS_PER_APPEND);
            }
        }
        if (!batch.isEmpty()) {
            appends.add(stores.log().append(map.name(), batch));
        }
        try {
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new StrongWriteException("map " + map.name() + ": entries taken over from a departed member were"
                    + " not made durable: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrongWriteException("map " + map.name() + ": interrupted while taking over entries", e);
        }
        return stamped.size();
    }

    /**
     * Writes the map's entries in the given partitions, and tombstones for the keys stored there but gone from
     * memory, as one delta.
     *
     * @return the rows written
     */
    private long restore(DurableMap map, Set<Integer> partitions, Set<Object> partitionKeys) {
        // Taken before memory is read: a change made after it is stored with a higher revision and beats the
        // tombstone. Not stamped per key on the partition thread: an entry operation on an absent key would load
        // the stale stored value back into memory.
        long tombstoneRevision = stores.clock().next();
        Map<Object, Object[]> stamped = member.getMap(map.name()).executeOnEntries(new RevisionStamp(),
                Predicates.multiPartitionPredicate(partitionKeys, Predicates.alwaysTrue()));
        StoredRows rows = new StoredRows(map, stores.clock());
        Instant now = Instant.now();
        List<SnapshotRow> changes = new ArrayList<>(stamped.size());
        stamped.forEach((key, revisionAndValue) -> {
            try {
                changes.add(rows.upsert(key, revisionAndValue[1], (Long) revisionAndValue[0], now));
            } catch (UnstorableRecordException e) {
                stores.events().unstorable(map.name(), key, e.getMessage());
            }
        });
        if (!map.reloadsEvicted()) {
            PartitionService service = member.getPartitionService();
            stores.restoreOf(map).storedKeys().stream()
                    .filter(key -> !stamped.containsKey(key))
                    .filter(key -> partitions.contains(service.getPartition(key).getPartitionId()))
                    .forEach(key -> changes.add(rows.delete(key, tombstoneRevision, now)));
        }
        WeakMapStore.writeDelta(stores, map, changes);
        return changes.size();
    }

    /** One key per partition, since Hazelcast's partition predicates name partitions by a key in them. */
    private Set<Object> keysOf(Set<Integer> partitions) {
        PartitionService service = member.getPartitionService();
        Map<Integer, Object> keys = new HashMap<>();
        for (long candidate = 0; keys.size() < partitions.size(); candidate++) {
            String key = "take-over-" + candidate;
            int partition = service.getPartition(key).getPartitionId();
            if (partitions.contains(partition)) {
                keys.putIfAbsent(partition, key);
            }
        }
        return new HashSet<>(keys.values());
    }

    private Set<UUID> memberIds() {
        return member.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet());
    }
}
