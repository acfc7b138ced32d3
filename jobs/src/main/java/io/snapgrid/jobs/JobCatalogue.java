package io.snapgrid.jobs;

import io.snapgrid.jobs.health.NodeHealthJob;
import io.snapgrid.jobs.racks.RackStatesJob;

import java.util.List;
import java.util.Optional;

/**
 * The jobs the control service keeps running. Snapgrid's own:
 * <ul>
 *   <li>{@value #NODE_HEALTH_JOB}: per node, sliding windows of heartbeats, temperatures and power transitions
 *   from the {@link JobMaps#TELEMETRY_EVENTS} journal, into {@link JobMaps#NODE_HEALTH} (and the node's
 *   {@code lastHeartbeat} in {@link JobMaps#INVENTORY_NODES});</li>
 *   <li>{@value #RACK_STATES_JOB}: node-state transitions per rack in tumbling windows from the
 *   {@link JobMaps#INVENTORY_NODES} journal, into {@link JobMaps#RACK_STATES}.</li>
 * </ul>
 * Both run exactly-once, send what they cannot use to {@link JobMaps#DEAD_LETTER} and count it
 * ({@link JobCounters}). Their input maps need an event journal.
 */
public interface JobCatalogue {

    String NODE_HEALTH_JOB = NodeHealthJob.DEFAULT_NAME;
    String RACK_STATES_JOB = RackStatesJob.DEFAULT_NAME;

    List<CatalogueJob> jobs();

    default Optional<CatalogueJob> job(String name) {
        return jobs().stream().filter(job -> job.name().equals(name)).findFirst();
    }

    /** Snapgrid's own jobs with the default settings. */
    static JobCatalogue snapgrid() {
        return snapgrid(JobSettings.defaults());
    }

    /** Snapgrid's own jobs with these settings. */
    static JobCatalogue snapgrid(JobSettings settings) {
        List<CatalogueJob> jobs = List.of(
                new CatalogueJob(NODE_HEALTH_JOB, () -> NodeHealthJob.pipeline(settings),
                        () -> NodeHealthJob.config(settings)),
                new CatalogueJob(RACK_STATES_JOB, () -> RackStatesJob.pipeline(settings),
                        () -> RackStatesJob.config(settings)));
        return () -> jobs;
    }
}
