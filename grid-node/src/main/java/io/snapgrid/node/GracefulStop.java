package io.snapgrid.node;

import com.hazelcast.core.HazelcastInstance;
import io.micronaut.context.annotation.Requires;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.node.durability.DurableMapLifecycle;
import io.snapgrid.node.health.Leaving;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A member's graceful stop, step by step, each logged, while the REST server still answers: readiness off first
 * (503 from then on), weak maps flushed, the member handing its partitions to the others as it leaves
 * (Hazelcast's graceful shutdown, waiting at most hazelcast.graceful.shutdown.max.wait), then the commit log rolled.
 * Closing the context afterwards stops the REST server. Micronaut's own stop closes the REST server before anything
 * else, which would leave an orchestrator with no answer at all while partitions migrate.
 */
@Singleton
@Requires(notEnv = SettingsLoader.SETTINGS_ONLY)
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final HazelcastInstance member;
    private final Leaving leaving;
    private final DurableMapLifecycle durableMaps;
    private final SnapshotMapStores stores;
    private final AtomicBoolean started = new AtomicBoolean();

    GracefulStop(HazelcastInstance member, Leaving leaving, DurableMapLifecycle durableMaps, SnapshotMapStores stores) {
        this.member = member;
        this.leaving = leaving;
        this.durableMaps = durableMaps;
        this.stores = stores;
    }

    /**
     * Runs the stop once; a second request while it runs (a repeated SIGTERM) does nothing.
     *
     * @param cause what asked for it, for the log
     * @return false if an earlier request runs it
     */
    public boolean run(String cause) {
        if (!started.compareAndSet(false, true)) {
            LOG.info("Shutdown requested again ({}): already stopping", cause);
            return false;
        }
        LOG.info("Shutdown requested ({})", cause);
        leaving.begin();
        LOG.info("Shutdown: readiness off, /health/readiness answers 503 from now on");
        durableMaps.flushBeforeLeaving();
        LOG.info("Shutdown: weak maps flushed");
        member.shutdown();
        LOG.info("Shutdown: member left the cluster; its partitions were migrated to the others first (graceful"
                + " shutdown; Hazelcast warns above if hazelcast.graceful.shutdown.max.wait ran out)");
        List<SnapshotManifest> deltas = stores.rollLog();
        LOG.info("Shutdown: commit log rolled into {} delta(s)", deltas.size());
        return true;
    }
}
