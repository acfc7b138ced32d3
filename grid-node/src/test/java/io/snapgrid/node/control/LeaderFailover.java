package io.snapgrid.node.control;

import com.hazelcast.core.HazelcastException;
import io.snapgrid.node.control.ControlStatus.Leader;
import io.snapgrid.node.testing.PackagedCluster;
import io.snapgrid.node.testing.PackagedNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * The failover drill shared by the control ITs and the failover benchmark: three packaged nodes tuned for fast
 * failure detection, a disruption of whichever one leads, and the survivors' agreement on a successor.
 */
public final class LeaderFailover {

    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(8);
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final int MEMBERS = 3;

    private LeaderFailover() {
    }

    public enum Disruption {
        KILL("SIGKILL", PackagedNode::kill),
        FREEZE("SIGSTOP", PackagedNode::pause);

        private final String signal;
        private final Consumer<PackagedNode> apply;

        Disruption(String signal, Consumer<PackagedNode> apply) {
            this.signal = signal;
            this.apply = apply;
        }

        public String signal() {
            return signal;
        }
    }

    /** What one disruption did: who led before and after, and when the successor took over, by the wall clock. */
    public record Result(Disruption disruption, int oldSlot, Leader oldLeader, List<Integer> survivors, Leader newLeader,
                         long disruptedMillis, long firstActionMillis) {

        public long electedAfterMillis() {
            return newLeader.sinceMillis() - disruptedMillis;
        }

        /** The new leader's first duty round, by the start of the fenced action it performed. */
        public long firstActionAfterMillis() {
            return firstActionMillis - disruptedMillis;
        }

        @Override
        public String toString() {
            return "%s of the leader (epoch %d): epoch %d elected after %d ms, its first duty action after %d ms"
                    .formatted(disruption.signal, oldLeader.epoch(), newLeader.epoch(), electedAfterMillis(),
                            firstActionAfterMillis());
        }
    }

    public static PackagedCluster startCluster(Path work) {
        return startCluster(work, MAX_NO_HEARTBEAT);
    }

    /** As {@link #startCluster(Path)}, with members dropped after {@code maxNoHeartbeat} without a heartbeat. */
    public static PackagedCluster startCluster(Path work, Duration maxNoHeartbeat) {
        return PackagedCluster.start(work, MEMBERS, List.of(
                "--cluster.expected-size=" + MEMBERS,
                "--cluster.failure-detector.heartbeat-interval=" + HEARTBEAT_INTERVAL.toSeconds() + "s",
                "--cluster.failure-detector.max-no-heartbeat=" + maxNoHeartbeat.toSeconds() + "s",
                "--control.check-interval=" + CHECK_INTERVAL.toSeconds() + "s",
                "--control.node-health.interval=1s",
                "--control.job-supervision.interval=1s"));
    }

    /**
     * Waits until every node agrees on a leader whose duties run and all backups are in sync, so that the
     * disruption starts from a settled cluster; then disrupts that leader and waits for its successor to act.
     */
    public static Result disruptLeader(PackagedCluster cluster, Disruption disruption) {
        Leader old = awaitLeader(cluster, cluster.slots(), 0);
        awaitDutyRound(cluster, cluster.slots(), old.epoch(), 0);
        cluster.awaitBackupsInSync(0);
        int oldSlot = cluster.slotOf(old.address());
        List<Integer> survivors = cluster.slots().stream().filter(slot -> slot != oldSlot).toList();

        long disrupted = System.currentTimeMillis();
        disruption.apply.accept(cluster.node(oldSlot));

        Leader successor = awaitLeader(cluster, survivors, old.epoch());
        awaitDutyRound(cluster, survivors, successor.epoch(), disrupted);
        // A round may have had nothing to do (no snapshot operation waiting); another one of the term acts.
        long[] firstAction = new long[1];
        // A client that connects while the survivors settle can lose its connection to a heartbeat timeout (seen
        // once in CI, 60 s without an answer); that read says nothing about the log, so the next poll reads again.
        await("an action of epoch " + successor.epoch() + " in the action log")
                .ignoreExceptionsInstanceOf(HazelcastException.class).atMost(Duration.ofMinutes(3)).until(() -> {
            firstAction[0] = ActionLog.read(cluster, survivors).stream()
                    .filter(action -> action.epoch() == successor.epoch())
                    .mapToLong(ActionRecord::startedMillis).min().orElse(-1);
            return firstAction[0] >= 0;
        });
        return new Result(disruption, oldSlot, old, survivors, successor, disrupted, firstAction[0]);
    }

    /** Waits until the nodes in {@code slots} all report a duty round of {@code epoch} started at or after {@code millis}. */
    public static void awaitDutyRound(PackagedCluster cluster, List<Integer> slots, long epoch, long millis) {
        await("a duty round of epoch " + epoch + " seen by the nodes in slots " + slots)
                .until(() -> slots.stream()
                        .allMatch(slot -> ControlStatus.of(cluster.node(slot)).dutyRanUnder(epoch, millis)));
    }

    /** Waits until {@link #agreedLeader} names a leader with an epoch above {@code aboveEpoch}. */
    public static Leader awaitLeader(PackagedCluster cluster, List<Integer> slots, long aboveEpoch) {
        Leader[] agreed = new Leader[1];
        await("one leader above epoch " + aboveEpoch + " agreed by the nodes in slots " + slots).until(() -> {
            agreed[0] = agreedLeader(cluster, slots).filter(leader -> leader.epoch() > aboveEpoch).orElse(null);
            return agreed[0] != null;
        });
        return agreed[0];
    }

    /**
     * The leader the nodes in {@code slots} all name, provided exactly one of them, the one named, says it leads;
     * empty while they disagree, name none, or more or fewer than one claims to lead.
     */
    public static Optional<Leader> agreedLeader(PackagedCluster cluster, List<Integer> slots) {
        List<ControlStatus> statuses = slots.stream().map(slot -> ControlStatus.of(cluster.node(slot))).toList();
        Optional<Leader> leader = statuses.get(0).leader();
        List<String> leading = statuses.stream().filter(ControlStatus::localLeading).map(ControlStatus::localMember).toList();
        boolean agreed = leader.isPresent() && statuses.stream().allMatch(status -> status.leader().equals(leader))
                && leading.equals(List.of(leader.get().member()));
        return agreed ? leader : Optional.empty();
    }
}
