package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.snapgrid.jobs.JobCatalogue;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.mapstore.StoreEvents;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Stream;

/** Wires the control service on every member; only the member that wins leadership runs its duties. */
@Factory
final class ControlService {

    /** Snapgrid's own catalogue unless a test or an embedding application registers another. */
    @Singleton
    @Secondary
    JobCatalogue jobCatalogue(SnapgridSettings settings) {
        return JobCatalogue.snapgrid(settings.jobs());
    }

    @Singleton
    ControlMetrics controlMetrics(MeterRegistry registry) {
        return new ControlMetrics(registry);
    }

    @Context
    @Requires(bean = HazelcastInstance.class) // none in a settings-only context
    @Bean(preDestroy = "stop")
    ControlLeadership controlLeadership(HazelcastInstance member, SnapgridSettings settings, JobCatalogue catalogue,
                                        ControlMetrics metrics, SnapshotStorage storage, InitialLoad initialLoad,
                                        StoreEvents events) {
        // Actions run on whichever member owns the leadership record; they find the catalogue and snapshots there.
        member.getUserContext().put(SubmitCatalogueJob.CATALOGUE, catalogue);
        SnapshotUpkeep snapshots = SnapshotUpkeep.open(storage, settings.snapshots(), events);
        snapshots.registerOn(member);
        ControlLeadership leadership = new ControlLeadership(member, settings);
        FencedActions actions = new FencedActions(member, leadership, metrics);
        List<ScheduledDuty> duties = Stream.of(
                new ScheduledDuty(JobSupervision.NAME, settings.control().jobSupervision().interval(),
                        new JobSupervision(member, catalogue)),
                new ScheduledDuty(NodeHealthReconciliation.NAME, settings.control().nodeHealth().interval(),
                        new NodeHealthReconciliation(settings.control())),
                new ScheduledDuty(SnapshotCoordination.NAME, settings.control().snapshotCoordination().interval(),
                        new SnapshotCoordination(snapshots)),
                // Nudged by each new operation (below); the interval only catches a nudge that went astray.
                new ScheduledDuty(SnapshotOperationQueue.NAME, settings.control().snapshotCoordination().interval(),
                        new SnapshotOperationQueue(member)))
                .map(duty -> afterInitialLoad(duty, initialLoad)).toList();
        DutyScheduler scheduler = new DutyScheduler(member, duties, actions, leadership, metrics);
        leadership.addListener(metrics);
        leadership.addListener(scheduler);
        member.<String, SnapshotOperation>getMap(ControlMaps.OPERATIONS).addEntryListener(
                (EntryAddedListener<String, SnapshotOperation>) added -> scheduler.runSoon(SnapshotOperationQueue.NAME),
                false);
        // A round asked for while the load was pending only said it waits; it is not retried before its interval.
        initialLoad.whenFinished(() -> duties.forEach(duty -> scheduler.runSoon(duty.name())));
        leadership.start();
        return leadership;
    }

    /**
     * A leader runs no duty before its own initial load is done. The duties read and write durable maps (node
     * health reconciles inventory.nodes) and their snapshots, and touching a durable map loads it: before the
     * restore, that would load it on however few members are in, not waiting for cluster.min-size.
     */
    private static ScheduledDuty afterInitialLoad(ScheduledDuty duty, InitialLoad initialLoad) {
        return new ScheduledDuty(duty.name(), duty.interval(), round -> {
            String pending = initialLoad.pending();
            return pending != null ? "waiting for this member's initial load (" + pending + ")"
                    : duty.work().run(round);
        });
    }
}
