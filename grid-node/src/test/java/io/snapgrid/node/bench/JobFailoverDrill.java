package io.snapgrid.node.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.node.control.ControlStatus.Leader;
import io.snapgrid.node.control.LeaderFailover;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.PackagedCluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import static io.snapgrid.jobs.testing.Awaiting.await;

/**
 * Part 2 of {@link StreamingBenchmark}: three packaged nodes (a JVM each) run the shipped catalogue while events
 * flow in over REST at a steady rate; one node is killed with SIGKILL, and three times are taken from the kill:
 * <ol>
 *   <li>detected: a Hazelcast Java client, connected through the survivors, is told the member was removed;</li>
 *   <li>job RUNNING again: {@code GET /v1/jobs/snapgrid.node-health}, polled on a survivor every 100 ms, says
 *   RUNNING after having said something else or counted a restart (the time the answer arrived);</li>
 *   <li>first new window result: the client's entry listener on {@code telemetry.node-health} receives a result
 *   for a window ending after every window it had seen when the member was detected removed (so neither a window
 *   the old execution was still emitting nor a replayed one counts).</li>
 * </ol>
 * Ingest goes only to the survivors-to-be. Between runs the killed node is replaced by a fresh one on the same
 * ports, and the drill waits for the job's scale-up restart onto it and for results to flow again.
 */
final class JobFailoverDrill {

    private static final int MEMBERS = 3;
    private static final int LIMIT_SECONDS = 240;

    private JobFailoverDrill() {
    }

    enum Victim { MEMBER, LEADER }

    /** One kill; the times are milliseconds after it, -1 when not reached within the limit. */
    record Run(Victim victim, int number, int slot, boolean coordinator, long detectedMillis, long runningMillis,
               long resultMillis, long resultWindowEnd, long killedAt, long latencyBeforeP50, long unavailable,
               long deadLetters) {

        String describe(int runs) {
            return String.format(Locale.ROOT, "SIGKILL of %s (slot %d%s) run %d/%d: detected after %s ms; job RUNNING"
                            + " again after %s ms (%s of detection); first new window result after %s ms (%s)%s;"
                            + " before the kill results came p50 %s ms after their window end; 503 answers %d,"
                            + " dead letters %+d",
                    victim == Victim.LEADER ? "the leader" : "a member that does not lead", slot,
                    coordinator ? ", the Jet job coordinator" : "", number, runs, ms(detectedMillis),
                    ms(runningMillis), times(runningMillis, detectedMillis), ms(resultMillis),
                    times(resultMillis, detectedMillis),
                    resultWindowEnd == 0 ? "" : ", window ending " + (resultWindowEnd - killedAt) + " ms after the kill",
                    ms(latencyBeforeP50), unavailable, deadLetters);
        }
    }

    static List<Run> run(StreamingOptions options, Dataset fleet, PrintStream out) throws Exception {
        System.setProperty("snapgrid.node.heap", options.nodeHeap());
        System.setProperty("snapgrid.node.ready-seconds", "300");
        Path work = Files.createTempDirectory("snapgrid-streaming-bench");
        List<String> flags = new ArrayList<>(options.jobFlags());
        flags.addAll(List.of(
                "--cluster.expected-size=" + MEMBERS,
                "--cluster.failure-detector.heartbeat-interval=" + LeaderFailover.HEARTBEAT_INTERVAL.toSeconds() + "s",
                "--cluster.failure-detector.max-no-heartbeat=" + LeaderFailover.MAX_NO_HEARTBEAT.toSeconds() + "s",
                "--control.check-interval=" + LeaderFailover.CHECK_INTERVAL.toSeconds() + "s"));
        out.printf(Locale.ROOT, "%nPart 2: SIGKILL of one of %d packaged nodes (-Xmx%s each, logs under %s) while %d"
                        + " events/s arrive over REST at the others; heartbeat %d s, max-no-heartbeat %d s%n",
                MEMBERS, options.nodeHeap(), work, options.failoverRate(),
                LeaderFailover.HEARTBEAT_INTERVAL.toSeconds(), LeaderFailover.MAX_NO_HEARTBEAT.toSeconds());
        List<Victim> victims = switch (options.kill()) {
            case BOTH -> List.of(Victim.MEMBER, Victim.LEADER);
            case MEMBER -> List.of(Victim.MEMBER);
            case LEADER -> List.of(Victim.LEADER);
        };
        List<Run> runs = new ArrayList<>();
        Map<String, Long> deadLetters;
        try (PackagedCluster cluster = Waits.retrying("start " + MEMBERS + " packaged nodes", System.err,
                () -> PackagedCluster.start(work, MEMBERS, flags))) {
            if (options.inventory()) {
                HazelcastInstance loader = cluster.client(cluster.slots());
                try {
                    StreamingBenchmark.loadInventory(loader, fleet);
                } finally {
                    loader.shutdown();
                }
            }
            Http any = cluster.node(0).http();
            await("node-health RUNNING").atMost(Duration.ofSeconds(180)).until(() -> JobView.read(any).running());
            List<String> all = cluster.slots().stream().map(slot -> cluster.node(slot).restUrl()).toList();
            try (TelemetryLoad load = TelemetryLoad.start(all, fleet.keys(), options.threads(), options.batch(),
                    options.failoverRate())) {
                int total = victims.size() * options.runs();
                for (Victim victim : victims) {
                    for (int number = 1; number <= options.runs(); number++) {
                        Run run = once(cluster, load, victim, number);
                        out.println(run.describe(options.runs()));
                        out.flush();
                        runs.add(run);
                        if (runs.size() < total) {
                            replace(cluster, run, out);
                        }
                    }
                }
            }
            int survivor = cluster.slots().stream().filter(slot -> slot != runs.get(runs.size() - 1).slot())
                    .findFirst().orElseThrow();
            HazelcastInstance reader = cluster.client(List.of(survivor));
            try {
                deadLetters = StreamingBenchmark.deadLetterReasons(reader);
            } finally {
                reader.shutdown();
            }
        }
        print(options, runs, out);
        out.println("dead letters by reason over part 2: " + deadLetters);
        return runs;
    }

    private static Run once(PackagedCluster cluster, TelemetryLoad load, Victim kind, int number) {
        Leader[] agreed = new Leader[1];
        await("one leader agreed by every node").atMost(Duration.ofSeconds(LIMIT_SECONDS)).until(() -> {
            try {
                agreed[0] = LeaderFailover.agreedLeader(cluster, cluster.slots()).orElse(null);
            } catch (RuntimeException notAnswering) {
                agreed[0] = null;
            }
            return agreed[0] != null;
        });
        Leader leader = agreed[0];
        int leaderSlot = cluster.slotOf(leader.address());
        int slot = kind == Victim.LEADER ? leaderSlot
                : cluster.slots().stream().filter(s -> s != leaderSlot).reduce((a, b) -> b).orElseThrow();
        List<Integer> survivors = cluster.slots().stream().filter(s -> s != slot).toList();
        load.target(survivors.stream().map(s -> cluster.node(s).restUrl()).toList());
        HazelcastInstance client = cluster.client(survivors);
        try {
            Member oldest = client.getCluster().getMembers().iterator().next();
            String oldestAddress = oldest.getAddress().getHost() + ":" + oldest.getAddress().getPort();
            boolean coordinator = cluster.slotOf(oldestAddress) == slot;
            AtomicLong removedAt = new AtomicLong();
            client.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    removedAt.compareAndSet(0, System.currentTimeMillis());
                }
            });
            try (WindowResults results = WindowResults.listen(client)) {
                Http jobs = cluster.node(survivors.get(0)).http();
                await("backups in sync").atMost(Duration.ofSeconds(LIMIT_SECONDS)).until(() -> safe(jobs));
                long attached = System.currentTimeMillis();
                await("node-health RUNNING with results of 5 windows after the listener was attached")
                        .atMost(Duration.ofSeconds(LIMIT_SECONDS))
                        .until(() -> JobView.read(jobs).running() && results.distinctWindowsAfter(attached) >= 5);
                JobView before = JobView.read(jobs);
                long deadBefore = client.getMap(JobMaps.DEAD_LETTER).size();
                long unavailableBefore = load.unavailable.get();

                long killedAt = System.currentTimeMillis();
                cluster.node(slot).kill();

                long deadline = killedAt + LIMIT_SECONDS * 1000L;
                boolean sawNotRunning = false;
                long runningAt = -1;
                long[] result = null;
                while (System.currentTimeMillis() < deadline && (runningAt < 0 || result == null)) {
                    if (runningAt < 0) {
                        JobView now = JobView.read(jobs);
                        long answered = System.currentTimeMillis();
                        sawNotRunning |= !now.running();
                        if (now.running() && (sawNotRunning || now.restarts() > before.restarts())) {
                            runningAt = answered;
                        }
                    }
                    long detected = removedAt.get();
                    if (result == null && detected > 0) {
                        result = results.firstNewerAfter(detected, results.newestWindowEndUpTo(detected));
                    }
                    sleep(100);
                }
                long detected = removedAt.get();
                return new Run(kind, number, slot, coordinator, detected == 0 ? -1 : detected - killedAt,
                        runningAt < 0 ? -1 : runningAt - killedAt, result == null ? -1 : result[0] - killedAt,
                        result == null ? 0 : result[1], killedAt,
                        results.between(killedAt - 10_000, killedAt).percentile(50),
                        load.unavailable.get() - unavailableBefore,
                        client.getMap(JobMaps.DEAD_LETTER).size() - deadBefore);
            }
        } finally {
            client.shutdown();
        }
    }

    /** A fresh node in the killed one's slot; then the job's scale-up restart onto it (auto-scaling). */
    private static void replace(PackagedCluster cluster, Run run, PrintStream out) {
        int survivor = cluster.slots().stream().filter(s -> s != run.slot()).findFirst().orElseThrow();
        long restartsBefore = JobView.read(cluster.node(survivor).http()).restarts();
        long started = System.currentTimeMillis();
        cluster.replace(run.slot());
        boolean scaled = Waits.within(Duration.ofSeconds(120), () -> {
            JobView job = JobView.read(cluster.node(survivor).http());
            return job.running() && job.restarts() > restartsBefore;
        });
        out.printf(Locale.ROOT, "  (slot %d replaced by a fresh node; %s %d s after the replacement started, at %s)%n",
                run.slot(), scaled ? "the job restarted onto it" : "no restart onto it seen",
                (System.currentTimeMillis() - started) / 1000, Instant.now());
    }

    private static void print(StreamingOptions options, List<Run> runs, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-8s %5s %14s %16s %16s %8s %8s%n", "victim", "runs", "detected ms",
                "job RUNNING ms", "new result ms", "RUN/det", "res/det");
        for (Victim victim : Victim.values()) {
            List<Run> of = runs.stream().filter(run -> run.victim() == victim).toList();
            if (of.isEmpty()) {
                continue;
            }
            long detected = median(of, Run::detectedMillis);
            long running = median(of, Run::runningMillis);
            long result = median(of, Run::resultMillis);
            out.printf(Locale.ROOT, "%-8s %5d %14s %16s %16s %8s %8s%n", victim.name().toLowerCase(Locale.ROOT),
                    of.size(), ms(detected), ms(running), ms(result), times(running, detected),
                    times(result, detected));
        }
        out.println("medians over the runs, each time from the SIGKILL; -1 = not reached within " + LIMIT_SECONDS
                + " s. member = a node that does not lead; leader = the oldest member, which leads the control service"
                + " and coordinates Jet's jobs. Window results trail their window end by the allowed lag ("
                + options.allowedLag().toMillis() + " ms) and a slide (" + options.slide().toMillis()
                + " ms) even without a failure.");
    }

    /** Median of the reached values; -1 if none was reached. */
    private static long median(List<Run> runs, ToLongFunction<Run> millis) {
        long[] sorted = runs.stream().mapToLong(millis).filter(value -> value >= 0).sorted().toArray();
        if (sorted.length == 0) {
            return -1;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String ms(long millis) {
        return millis < 0 ? "-1" : String.format(Locale.ROOT, "%,d", millis);
    }

    private static String times(long value, long detection) {
        return value < 0 || detection <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1fx", value / (double) detection);
    }

    private static boolean safe(Http node) {
        try {
            return node.get("/v1/cluster").json().path("safe").asBoolean();
        } catch (RuntimeException notAnswering) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
