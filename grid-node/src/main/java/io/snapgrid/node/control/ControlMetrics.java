package io.snapgrid.node.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Leader changes, duty runs and refused actions, as Micrometer meters (served at /prometheus). */
public final class ControlMetrics implements LeadershipListener {

    private final MeterRegistry registry;
    private final Counter elected;
    private final Counter steppedDown;
    private final Counter refused;
    private final AtomicLong epoch = new AtomicLong();

    public ControlMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.elected = registry.counter("snapgrid.control.leader.elected");
        this.steppedDown = registry.counter("snapgrid.control.leader.stepped.down");
        this.refused = registry.counter("snapgrid.control.actions.refused");
        registry.gauge("snapgrid.control.leader.epoch", epoch);
    }

    @Override
    public void elected(Leadership leadership) {
        elected.increment();
        epoch.set(leadership.epoch());
    }

    @Override
    public void steppedDown(long epoch, String reason) {
        steppedDown.increment();
        this.epoch.set(0);
    }

    void dutyRun(String duty, boolean ok, Duration took) {
        String result = ok ? "ok" : "failed";
        registry.counter("snapgrid.control.duty.runs", "duty", duty, "result", result).increment();
        registry.timer("snapgrid.control.duty.duration", "duty", duty, "result", result).record(took);
    }

    void refusedAction() {
        refused.increment();
    }
}
