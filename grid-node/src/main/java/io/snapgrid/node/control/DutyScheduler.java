package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs every duty on its own interval for exactly as long as this member leads. */
public final class DutyScheduler implements LeadershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

    private final HazelcastInstance member;
    private final List<ScheduledDuty> duties;
    private final FencedActions actions;
    private final ControlLeadership leadership;
    private final ControlMetrics metrics;
    private final ScheduledExecutorService threads;
    private final List<ScheduledFuture<?>> running = new ArrayList<>();

    public DutyScheduler(HazelcastInstance member, List<ScheduledDuty> duties, FencedActions actions,
                         ControlLeadership leadership, ControlMetrics metrics) {
        this.member = member;
        this.duties = List.copyOf(duties);
        this.actions = actions;
        this.leadership = leadership;
        this.metrics = metrics;
        this.threads = Executors.newScheduledThreadPool(Math.max(1, duties.size()), r -> {
            Thread t = new Thread(r, "snapgrid-control-duty");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void elected(Leadership leadership) {
        for (ScheduledDuty duty : duties) {
            AtomicLong runs = new AtomicLong();
            running.add(threads.scheduleWithFixedDelay(() -> runOnce(duty, leadership.epoch(), runs.incrementAndGet()),
                    0, duty.interval().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public synchronized void steppedDown(long epoch, String reason) {
        running.forEach(future -> future.cancel(true));
        running.clear();
    }

    private void runOnce(ScheduledDuty duty, long epoch, long run) {
        if (leadership.validEpoch().orElse(-1) != epoch) {
            return;
        }
        long started = System.currentTimeMillis();
        boolean ok;
        String summary;
        try {
            summary = duty.work().run(new DutyRound(epoch, actions));
            ok = true;
        } catch (StaleEpochException e) {
            LOG.warn("Duty {} stopped at epoch {}: {}", duty.name(), epoch, e.getMessage());
            metrics.dutyRun(duty.name(), false);
            return;
        } catch (Exception e) {
            summary = String.valueOf(e);
            ok = false;
            LOG.warn("Duty {} failed at epoch {}; it runs again in {}", duty.name(), epoch, duty.interval(), e);
        }
        metrics.dutyRun(duty.name(), ok);
        long ended = System.currentTimeMillis();
        try {
            member.getMap(ControlMaps.DUTIES).set(duty.name(), new DutyStatus(duty.name(), epoch, run, started, ended,
                    ok, summary, ended + duty.interval().toMillis()));
        } catch (RuntimeException e) {
            LOG.warn("Could not record the status of duty {}", duty.name(), e);
        }
    }
}
