package io.snapgrid.jobs.racks;

import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.JournalInitialPosition;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;
import com.hazelcast.jet.pipeline.StreamSource;
import com.hazelcast.jet.pipeline.StreamStage;
import io.snapgrid.jobs.DeadLetterReason;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.JobSettings;
import io.snapgrid.jobs.common.DeadLetter;
import io.snapgrid.jobs.common.DeadLetters;
import io.snapgrid.jobs.common.JobConfigs;
import io.snapgrid.jobs.common.JournalItem;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.window.KeyedWindowsP;
import io.snapgrid.jobs.window.Ticks;
import io.snapgrid.jobs.window.WindowSpec;

import java.time.Instant;

/**
 * The rack-states job: node-state transitions ({@link InventoryReader}) per rack in tumbling windows, written to
 * {@code stats.rack-states} under {@code rack@windowEnd}. A rack without transitions in a window gets no entry.
 * <p>
 * <b>Time.</b> A Node record carries no time of change and the journal none either, so a transition is stamped
 * with the wall clock when the job reads it (ingestion time). Consequence: exactly-once holds for the count of
 * each transition, but a transition replayed after a restart is stamped anew and may land in a later window than
 * the one it landed in before the failure; the earlier window is then rewritten without it.
 */
public final class RackStatesJob {

    public static final String DEFAULT_NAME = "snapgrid.rack-states";

    private RackStatesJob() {
    }

    public static JobConfig config(JobSettings settings) {
        return JobConfigs.exactlyOnce(settings);
    }

    public static Pipeline pipeline(JobSettings settings) {
        return pipeline(settings, WallClock.system(), DEFAULT_NAME);
    }

    public static Pipeline pipeline(JobSettings settings, WallClock clock, String job) {
        long lag = settings.allowedLag().toMillis();
        Pipeline pipeline = Pipeline.create();
        StreamSource<JournalItem> journal = Sources.<JournalItem, Object, Object>mapJournal(
                        JobMaps.INVENTORY_NODES, JournalInitialPosition.START_FROM_CURRENT,
                        InventoryReader::read, InventoryReader::isStateChange)
                .setPartitionIdleTimeout(settings.idleTimeout().toMillis());
        StreamStage<JournalItem> items = Ticks.journalWithClock(pipeline, journal, item -> clock.millis(),
                "read-state-transitions", clock, settings.tickInterval().toMillis(), lag);

        StreamStage<Object> windows = items
                .filter(item -> item instanceof StateTransition)
                .map(item -> (StateTransition) item)
                .groupingKey(StateTransition::rack)
                .customTransform("rack-state-windows", windowsDefinition(settings, clock, job).supplier());
        windows.filter(item -> item instanceof RackStatesWindow)
                .map(item -> (RackStatesWindow) item)
                .writeTo(Sinks.map(JobMaps.RACK_STATES, RackStatesWindow::mapKey, RackStatesWindow::toCompact));

        DeadLetters.writeTo(items, windows, job, clock);
        return pipeline;
    }

    static KeyedWindowsP.Definition<StateTransition, String, RackCounts, RackCounts, Object> windowsDefinition(
            JobSettings settings, WallClock clock, String job) {
        AggregateOperation1<StateTransition, RackCounts, RackCounts> counts = AggregateOperation
                .withCreate(RackCounts::new)
                .<StateTransition>andAccumulate(RackCounts::add)
                .andCombine(RackCounts::merge)
                .andExportFinish(RackCounts::copy);
        String lag = settings.allowedLag().toString();
        return new KeyedWindowsP.Definition<>(
                WindowSpec.tumbling(settings.rackWindow().toMillis()),
                StateTransition::rack,
                counts,
                RackStatesWindow::of,
                (transition, time, closedUpTo) -> new DeadLetter(job, DeadLetterReason.LATE,
                        "read at " + Instant.ofEpochMilli(time) + ", before " + Instant.ofEpochMilli(closedUpTo)
                                + ", where the rack's windows had already closed (allowed lag " + lag + ")",
                        transition.toJson(), null, clock.millis()),
                false,
                settings.rackWindow().toMillis());
    }
}
