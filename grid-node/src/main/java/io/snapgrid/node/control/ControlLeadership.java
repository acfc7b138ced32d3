package io.snapgrid.node.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import io.snapgrid.node.config.SnapgridSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether this member leads the control service. It leads when it is the oldest member, sees a
 * majority of the expected cluster, and has advanced the epoch by compare-and-set. It holds a lease that each
 * check renews; a lapsed lease (a GC pause, SIGSTOP) means stepping down and staying quiet until Hazelcast's
 * failure detector has had time to settle the view, so a resumed old leader cannot act on a stale picture.
 */
public final class ControlLeadership {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLeadership.class);

    private final HazelcastInstance member;
    private final long checkNanos;
    private final long leaseNanos;
    private final long quietNanos;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapgrid-control-leadership");
        t.setDaemon(true);
        return t;
    });

    private volatile Term term;
    /** End of the previous check: a gap from there far beyond the check interval means this JVM was not running. */
    private long lastCheckEndNanos;
    private long quietUntilNanos;

    public ControlLeadership(HazelcastInstance member, SnapgridSettings settings) {
        this.member = member;
        this.checkNanos = settings.control().checkInterval().toNanos();
        this.leaseNanos = settings.control().lease().toNanos();
        Duration detector = settings.cluster().failureDetector().maxNoHeartbeat()
                .plus(settings.cluster().failureDetector().heartbeatInterval().multipliedBy(2));
        this.quietNanos = detector.toNanos();
    }

    public void addListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    public void start() {
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                thread.execute(ControlLeadership.this::check);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                thread.execute(ControlLeadership.this::check);
            }
        });
        thread.scheduleWithFixedDelay(this::check, 0, checkNanos, TimeUnit.NANOSECONDS);
    }

    /** The epoch this member may act under right now: leading, with a lease renewed within the last lease time. */
    public OptionalLong validEpoch() {
        Term current = term;
        return current != null && System.nanoTime() - current.renewedNanos < leaseNanos
                ? OptionalLong.of(current.epoch) : OptionalLong.empty();
    }

    private void check() {
        long now = System.nanoTime();
        if (lastCheckEndNanos != 0 && now - lastCheckEndNanos > leaseNanos) {
            stepDown("this member was paused for " + (now - lastCheckEndNanos) / 1_000_000 + " ms");
            quietUntilNanos = now + quietNanos;
        }
        try {
            if (now < quietUntilNanos || !member.getLifecycleService().isRunning()) {
                return;
            }
            Member oldest = member.getCluster().getMembers().iterator().next();
            if (!oldest.localMember()) {
                stepDown("member " + oldest.getAddress() + " is older");
                return;
            }
            SplitBrainProtection majority = member.getSplitBrainProtectionService()
                    .getSplitBrainProtection(ControlMaps.MAJORITY);
            if (!majority.hasMinimumSize()) {
                stepDown("fewer than a majority of the expected cluster in view");
                return;
            }
            IMap<String, Leadership> leadership = member.getMap(ControlMaps.LEADERSHIP);
            Leadership current = leadership.get(ControlMaps.LEADER_KEY);
            Term held = term;
            if (held != null) {
                if (current != null && current.epoch() == held.epoch && isMine(current)) {
                    held.renewedNanos = now;
                    return;
                }
                stepDown("epoch " + (current == null ? "?" : current.epoch()) + " superseded " + held.epoch);
            }
            claim(leadership, current, now);
        } catch (RuntimeException e) {
            stepDown("leadership check failed: " + e);
        } finally {
            lastCheckEndNanos = System.nanoTime();
        }
    }

    private void claim(IMap<String, Leadership> leadership, Leadership current, long now) {
        Member local = member.getCluster().getLocalMember();
        IMap<Long, Leadership> history = member.getMap(ControlMaps.HISTORY);
        Leadership mine = new Leadership(newestEpoch(current, history) + 1, local.getUuid(),
                local.getAddress().getHost() + ":" + local.getAddress().getPort(), System.currentTimeMillis());
        boolean won = current == null
                ? leadership.putIfAbsent(ControlMaps.LEADER_KEY, mine) == null
                : leadership.replace(ControlMaps.LEADER_KEY, current, mine);
        if (!won) {
            return;
        }
        history.set(mine.epoch(), mine);
        term = new Term(mine.epoch(), now);
        LOG.info("Leading the control service at epoch {} (previous: {})", mine.epoch(),
                current == null ? "none" : current.epoch() + " held by " + current.address());
        listeners.forEach(listener -> listener.elected(mine));
    }

    /**
     * The record's epoch, or, if the record itself was lost with its partitions (members dying before migration
     * finished), the newest one the history remembers: epochs must only grow.
     */
    private static long newestEpoch(Leadership current, IMap<Long, Leadership> history) {
        if (current != null) {
            return current.epoch();
        }
        return history.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private boolean isMine(Leadership leadership) {
        return leadership.member().equals(member.getCluster().getLocalMember().getUuid());
    }

    private void stepDown(String reason) {
        Term held = term;
        if (held != null) {
            term = null;
            LOG.warn("Stopped leading the control service at epoch {}: {}", held.epoch, reason);
            listeners.forEach(listener -> listener.steppedDown(held.epoch, reason));
        }
    }

    /** Called when the node closes, before the member shuts down. */
    public void stop() {
        thread.shutdownNow();
        stepDown("this member is shutting down");
    }

    private static final class Term {
        final long epoch;
        volatile long renewedNanos;

        Term(long epoch, long renewedNanos) {
            this.epoch = epoch;
            this.renewedNanos = renewedNanos;
        }
    }
}
