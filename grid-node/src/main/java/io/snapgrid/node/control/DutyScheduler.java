package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs every duty on its own interval for exactly as long as this member leads, and a round sooner when asked
 * ({@link #runSoon}). Rounds of one duty never overlap.
 */
public final class DutyScheduler implements LeadershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(DutyScheduler.class);

    private final HazelcastInstance member;
    private final List<ScheduledDuty> duties;
    private final FencedActions actions;
    private final ControlLeadership leadership;
    private final ControlMetrics metrics;
    private final ScheduledExecutorService threads;
    private final List<ScheduledFuture<?>> running = new ArrayList<>();
    /** The current term's rounds per duty name; empty while not leading. */
    private final Map<String, Rounds> rounds = new HashMap<>();

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
            Rounds next = new Rounds(duty, leadership.epoch());
            rounds.put(duty.name(), next);
            running.add(threads.scheduleWithFixedDelay(next::request, 0, duty.interval().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public synchronized void steppedDown(long epoch, String reason) {
        running.forEach(future -> future.cancel(true));
        running.clear();
        rounds.clear();
    }

    /**
     * Runs the duty's next round as soon as a thread is free rather than at its next interval, if this member leads;
     * if a round is under way, one more follows it. Does nothing on a member that does not lead.
     */
    public synchronized void runSoon(String duty) {
        Rounds next = rounds.get(duty);
        if (next != null) {
            threads.execute(next::request);
        }
    }

    /** One duty's rounds in one term: requests coalesce, and a request during a round makes one more round. */
    private final class Rounds {

        private final ScheduledDuty duty;
        private final long epoch;
        private final AtomicLong runs = new AtomicLong();
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicBoolean requested = new AtomicBoolean();

        Rounds(ScheduledDuty duty, long epoch) {
            this.duty = duty;
            this.epoch = epoch;
        }

        void request() {
            requested.set(true);
            // Whoever holds the lock sees the request when it lets go, so none is lost and none waits on the lock.
            while (requested.get() && lock.tryLock()) {
                try {
                    if (requested.getAndSet(false)) {
                        runOnce(duty, epoch, runs.incrementAndGet());
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
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
            metrics.dutyRun(duty.name(), false, Duration.ofMillis(System.currentTimeMillis() - started));
            return;
        } catch (Exception e) {
            summary = String.valueOf(e);
            ok = false;
            LOG.warn("Duty {} failed at epoch {}; it runs again in {}", duty.name(), epoch, duty.interval(), e);
        }
        long ended = System.currentTimeMillis();
        metrics.dutyRun(duty.name(), ok, Duration.ofMillis(ended - started));
        try {
            member.getMap(ControlMaps.DUTIES).set(duty.name(), new DutyStatus(duty.name(), epoch, run, started, ended,
                    ok, summary, ended + duty.interval().toMillis()));
        } catch (RuntimeException e) {
            LOG.warn("Could not record the status of duty {}", duty.name(), e);
        }
    }
}
