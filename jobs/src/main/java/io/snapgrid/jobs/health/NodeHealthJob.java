package io.snapgrid.jobs.health;

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
import io.snapgrid.jobs.common.Rejected;
import io.snapgrid.jobs.common.WallClock;
import io.snapgrid.jobs.window.KeyedWindowsP;
import io.snapgrid.jobs.window.Ticks;
import io.snapgrid.jobs.window.WindowSpec;

import java.time.Instant;

/**
 * The node-health job: per node, sliding windows of heartbeats, temperatures and power transitions over the
 * {@code telemetry.events} journal, by event time.
 * <pre>
 * journal (ADDED only) ─ read + validate ─┬─ events ─ merge(wall-clock ticks) ─ keyed windows (by xname) ─┬─ node-health (newer wins)
 *                                         │                                                             ├─ inventory.nodes lastHeartbeat
 *                                         │                                                             ├─ node-health history (optional)
 *                                         └─ rejected ──────────────────── merge ─── late events ───────┴─ dead letters
 * </pre>
 * The windows close on the watermark, which the wall clock keeps moving when no events arrive ({@link Ticks}).
 * A node that has sent anything gets a result for every window that closes after that, zero when it sent nothing
 * in it, until {@link JobSettings#forgetNodesAfter()} has passed; so its heartbeat count falls to 0 once its
 * heartbeats have left the window. Which nodes are known is part of the window state in Jet's snapshots.
 */
public final class NodeHealthJob {

    public static final String DEFAULT_NAME = "snapgrid.node-health";

    private NodeHealthJob() {
    }

    public static JobConfig config(JobSettings settings) {
        return JobConfigs.exactlyOnce(settings);
    }

    public static Pipeline pipeline(JobSettings settings) {
        return pipeline(settings, WallClock.system(), DEFAULT_NAME);
    }

    /**
     * @param clock the wall clock for ticks and dead-letter times
     * @param job   the name dead letters carry
     */
    public static Pipeline pipeline(JobSettings settings, WallClock clock, String job) {
        long lag = settings.allowedLag().toMillis();
        Pipeline pipeline = Pipeline.create();
        // Stages are typed by explicit lambdas, not X.class::isInstance: javac deserializes method references that
        // differ only in their captured class as one and the same, so every such filter would test one class.

        StreamSource<JournalItem> journal = Sources.<JournalItem, Object, Object>mapJournal(
                        JobMaps.TELEMETRY_EVENTS, JournalInitialPosition.START_FROM_CURRENT,
                        TelemetryReader::read, TelemetryReader::isAdded)
                .setPartitionIdleTimeout(settings.idleTimeout().toMillis());
        // Rejected items carry no usable time: the lowest timestamp keeps them from moving the watermark.
        StreamStage<JournalItem> items = Ticks.journalWithClock(pipeline, journal,
                item -> item instanceof TelemetryEvent event ? event.eventTime() : Long.MIN_VALUE, "read-telemetry",
                clock, settings.tickInterval().toMillis(), lag);

        StreamStage<Object> windows = items
                .filter(item -> item instanceof TelemetryEvent)
                .map(item -> (TelemetryEvent) item)
                .groupingKey(TelemetryEvent::xname)
                .customTransform("node-health-windows", windowsDefinition(settings, clock, job).supplier());

        StreamStage<NodeHealthWindow> results = windows
                .filter(item -> item instanceof NodeHealthWindow)
                .map(item -> (NodeHealthWindow) item)
                .setName("node-health-results");
        results.writeTo(Sinks.<NodeHealthWindow, String, Object>mapWithUpdating(JobMaps.NODE_HEALTH,
                NodeHealthWindow::xname, NewerWindowWins::apply));
        results.filter(window -> window.lastHeartbeat() != null)
                .writeTo(Sinks.<NodeHealthWindow, Object, Object, Void>mapWithEntryProcessor(JobMaps.INVENTORY_NODES,
                        NodeHealthWindow::xname, window -> new RecordLastHeartbeat(window.lastHeartbeat())));
        if (settings.keepHealthHistory()) {
            results.writeTo(Sinks.map(JobMaps.NODE_HEALTH_HISTORY,
                    window -> JobMaps.windowKey(window.xname(), window.windowEnd()), NodeHealthWindow::toCompact));
        }

        DeadLetters.writeTo(items, windows, job, clock);
        return pipeline;
    }

    static KeyedWindowsP.Definition<TelemetryEvent, String, HealthFrame, HealthSummary, Object> windowsDefinition(
            JobSettings settings, WallClock clock, String job) {
        AggregateOperation1<TelemetryEvent, HealthFrame, HealthSummary> health = AggregateOperation
                .withCreate(HealthFrame::new)
                .<TelemetryEvent>andAccumulate(HealthFrame::add)
                .andCombine(HealthFrame::merge)
                .andExportFinish(HealthFrame::summary);
        String lag = settings.allowedLag().toString();
        return new KeyedWindowsP.Definition<>(
                WindowSpec.sliding(settings.healthWindow().toMillis(), settings.healthSlide().toMillis()),
                TelemetryEvent::xname,
                health,
                NodeHealthWindow::of,
                (event, time, closedUpTo) -> new DeadLetter(job, DeadLetterReason.LATE,
                        "eventTime " + Instant.ofEpochMilli(time) + " is before " + Instant.ofEpochMilli(closedUpTo)
                                + ", where the node's windows had already closed (allowed lag " + lag + ")",
                        event.toJson(), event.id(), clock.millis()),
                true,
                settings.forgetNodesAfter().toMillis());
    }
}
