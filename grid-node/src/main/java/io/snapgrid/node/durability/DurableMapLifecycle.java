package io.snapgrid.node.durability;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.storage.SplitBrainProtection;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A durable map's life on this member beyond its MapStore: restored before the node is ready, guarded against an
 * unbounded write-behind backlog, and flushed before the member leaves, because Hazelcast drops what its
 * write-behind queues still hold at shutdown (hazelcast#12874).
 */
@Singleton
public final class DurableMapLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DurableMapLifecycle.class);
    private static final long POLL_MILLIS = 100;
    /**
     * The longest a flush before leaving is waited for when this node's store reports no failure. A flush covers
     * every member's partitions, and another member's failing store shows in its counters, not in this node's.
     */
    private static final Duration FLUSH_PATIENCE = Duration.ofSeconds(60);
    /** The longest the restore waits for partition migrations to finish; it goes on regardless afterwards. */
    private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(120);

    private final HazelcastInstance member;
    private final SnapgridSettings settings;
    private final SnapshotCatalog catalog;
    private final SnapshotMapStores stores;
    private final DurabilityEvents events;
    private final RestoreProgressBoard restores;

    DurableMapLifecycle(HazelcastInstance member, SnapgridSettings settings, SnapshotStorage storage,
                        SnapshotMapStores stores, DurabilityEvents events, RestoreProgressBoard restores) {
        this.member = member;
        this.restores = restores;
        this.stores = stores;
        this.events = events;
        this.settings = settings;
        this.catalog = new SnapshotCatalog(storage);
    }

    /**
     * Loads every durable map the store holds or a storage class names, once {@code cluster.min-size} members
     * are in: Hazelcast's own wait (hazelcast.initial.min.cluster.size) would block the member's start, and with
     * it the REST server that reports readiness. Getting an EAGER map waits until all its partitions are loaded.
     * Hazelcast's initial load writes through the map's split-brain protection, so a class with
     * {@code split-brain-protection: majority} also needs a majority of {@code cluster.expected-size} in.
     *
     * @param progress told what is being waited for, for readiness
     */
    public void restore(Consumer<String> progress) throws IOException, InterruptedException {
        boolean protectedClass = settings.storageClasses().all().stream().anyMatch(c -> DurableMaps.isDurable(c)
                && c.splitBrainProtection() == SplitBrainProtection.MAJORITY);
        int minSize = Math.max(settings.cluster().minSize(), protectedClass ? settings.cluster().quorum() : 1);
        while (member.getCluster().getMembers().size() < minSize) {
            progress.accept("waiting for " + minSize + " members before restoring snapshots");
            Thread.sleep(POLL_MILLIS);
        }
        awaitSettledPartitions(progress);
        Set<String> maps = new TreeSet<>();
        StorageClasses classes = settings.storageClasses();
        classes.all().stream().filter(c -> DurableMaps.isDurable(c) && c.namesOneMap()).map(StorageClass::match)
                .forEach(maps::add);
        catalog.maps().stream().filter(map -> classes.forMap(map).filter(DurableMaps::isDurable).isPresent())
                .forEach(maps::add);
        for (String map : maps) {
            progress.accept("restoring " + map);
            long start = System.nanoTime();
            IMap<Object, Object> restored = member.getMap(map);
            stores.loaded(map);
            restores.loaded(map);
            LOG.info("Map {} is loaded: {} entries on this member, {} ms", map,
                    restored.getLocalMapStats().getOwnedEntryCount(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Waits, up to {@link #SETTLE_PATIENCE}, until partitions are assigned and none is migrating. A cluster whose
     * first members assigned the partitions before the last joined is still moving them, and an initial load under
     * migration is where Hazelcast's loading is weakest (hazelcast#11407). In CI, members of a cluster that had just
     * formed finished the initial load without ever having been asked for the map's store.
     */
    private void awaitSettledPartitions(Consumer<String> progress) throws InterruptedException {
        PartitionService partitions = member.getPartitionService();
        // Asking for an owner makes the master assign the partitions if no one has yet.
        partitions.getPartition(0).getOwner();
        long deadline = System.nanoTime() + SETTLE_PATIENCE.toNanos();
        while (!partitions.isClusterSafe()) {
            if (!member.getLifecycleService().isRunning()) {
                return;   // stopped while starting; the restore's first map access says so
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("Partitions still migrating after {} s; restoring anyway", SETTLE_PATIENCE.toSeconds());
                return;
            }
            progress.accept("waiting for partition migrations to finish before restoring snapshots");
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean isWeak(String map) {
        return settings.storageClasses().forMap(map).filter(c -> c.durability() == Durability.WEAK).isPresent();
    }

    /**
     * Flushes the write-behind queue of every weak map this member holds. Once more when the context closes, which
     * does nothing if the member already left (a graceful stop calls this first).
     */
    @PreDestroy
    public void flushBeforeLeaving() {
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        for (DistributedObject object : member.getDistributedObjects()) {
            if (object instanceof IMap<?, ?> map && isWeak(map.getName())) {
                flush(map);
            }
        }
    }

    /**
     * Waits for the flush until it is done, the store fails on this node, or {@link #FLUSH_PATIENCE} is over.
     * Hazelcast retries a failing store for ever, and its flush with it, so waiting on would keep the node from ever
     * leaving. What is not stored stays in memory on the members that stay, but it may never be stored: Hazelcast's
     * graceful shutdown did not always carry a failing write-behind queue over (FailingStoreShutdownTest), and
     * backups drop their copies of queued changes some seconds after they were due, stored or not.
     */
    private void flush(IMap<?, ?> map) {
        String name = map.getName();
        long failuresBefore = events.flushFailures(name);
        CompletableFuture<Void> flushing = new CompletableFuture<>();
        Thread flusher = new Thread(() -> {
            try {
                map.flush();
                flushing.complete(null);
            } catch (RuntimeException e) {
                flushing.completeExceptionally(e);
            }
        }, "snapgrid-flush " + name);
        flusher.setDaemon(true);
        flusher.start();
        long deadline = System.nanoTime() + FLUSH_PATIENCE.toNanos();
        while (true) {
            try {
                flushing.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                LOG.info("Flushed the write-behind queue of {} before leaving", name);
                return;
            } catch (TimeoutException e) {
                boolean failing = events.flushFailures(name) > failuresBefore;
                if (failing || System.nanoTime() > deadline) {
                    LOG.error("Gave up flushing {} before leaving: {}. {} change(s) of it on this member are not in"
                            + " the snapshot store and may never be: they stay in memory on the members that stay,"
                            + " but Hazelcast may not carry a failing write-behind queue over", name, failing
                            ? "the snapshot store fails" : "not done within " + FLUSH_PATIENCE.toSeconds() + " s",
                            map.getLocalMapStats().getDirtyEntryCount());
                    return;
                }
            } catch (ExecutionException e) {
                LOG.error("Could not flush {} before leaving; its unflushed changes survive only on the other"
                        + " members' backups", name, e.getCause());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("Interrupted while flushing {} before leaving", name);
                return;
            }
        }
    }
}
