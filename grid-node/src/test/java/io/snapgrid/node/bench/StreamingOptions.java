package io.snapgrid.node.bench;

import io.snapgrid.node.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one {@link StreamingBenchmark} run, from {@code --key=value} arguments; see {@link #USAGE}. Any
 * argument starting with {@code --jobs.}, {@code --telemetry.} or {@code --storage-classes.} is passed on to every
 * node as it is, after the benchmark's own node flags, so it wins over them.
 */
record StreamingOptions(Part part, int nodes, int seconds, int warmupSeconds, int jitWarmupSeconds, int rounds,
                        int threads, int batch,
                        int rate, Duration window, Duration slide, Duration allowedLag, Duration tail,
                        Duration snapshotInterval,
                        Duration eventsTtl, boolean inventory, int runs, Kill kill, int failoverRate, String nodeHeap,
                        List<String> nodeFlags) {

    enum Part { ALL, GUARANTEE, FAILOVER }

    enum Kill { BOTH, MEMBER, LEADER }

    static final String USAGE = """
            usage: StreamingBenchmark [--key=value ...]
              --part=all|guarantee|failover  which part to run (default all)
              --nodes=10000           xnames sending heartbeat + temperature events
              --inventory=true        load those nodes into inventory.nodes first, so the job's lastHeartbeat
                                      writes land as in production (false: the writes find no node)
              --window=10s --slide=1s --allowed-lag=2s --snapshot-interval=10s   the node-health job's settings
              --events-ttl=5m         ttl of telemetry.events (production: 1h); bounds the members' heap only
              --threads=4 --batch=500 ingest: REST callers round-robin over the members, events per POST
            part 1, exactly-once snapshots on vs off (processing guarantee NONE), 3 members in this JVM:
              --seconds=60 --warmup=20  measured and warm-up seconds per guarantee
              --rate=0                events/s over all callers, 0 = as fast as ingest takes them
              --tail=10s              unmeasured ingest after the allowed lag that follows the measured interval,
                                      so that the windows ending in it can complete
              --rounds=1              on/off pairs, each guarantee on a fresh cluster, alternating
              --jit-warmup=60         seconds of an unmeasured exactly-once phase first, so that neither
                                      guarantee pays for compiling the JVM's code
            part 2, SIGKILL of one of 3 packaged nodes (separate JVMs) while events flow:
              --runs=3                kills per victim kind
              --kill=both|member|leader   kill a member that does not lead, the leader (job coordinator), or both
              --failover-rate=2000    events/s during part 2 (every node reports twice each 10 s)
              --node-heap=1g          -Xmx of each packaged node
            any --jobs.*, --telemetry.* or --storage-classes.* flag is passed on to every node""";

    StreamingOptions {
        if (nodes < 1 || seconds < 1 || warmupSeconds < 0 || jitWarmupSeconds < 0 || rounds < 1 || threads < 1 || batch < 2 || rate < 0
                || runs < 1 || failoverRate < 1) {
            throw new IllegalArgumentException("need nodes, seconds, rounds, threads, runs and failover-rate >= 1,"
                    + " batch >= 2, warmup and rate >= 0\n" + USAGE);
        }
        nodeFlags = List.copyOf(nodeFlags);
    }

    /** @throws IllegalArgumentException naming the argument, so that a typo never silently runs the defaults */
    static StreamingOptions parse(String... args) {
        Part part = Part.ALL;
        int nodes = 10_000;
        int seconds = 60;
        int warmup = 20;
        int jitWarmup = 60;
        int rounds = 1;
        int threads = 4;
        int batch = 500;
        int rate = 0;
        Duration window = Duration.ofSeconds(10);
        Duration slide = Duration.ofSeconds(1);
        Duration lag = Duration.ofSeconds(2);
        Duration tail = Duration.ofSeconds(10);
        Duration snapshots = Duration.ofSeconds(10);
        Duration ttl = Duration.ofMinutes(5);
        boolean inventory = true;
        int runs = 3;
        Kill kill = Kill.BOTH;
        int failoverRate = 2000;
        String heap = "1g";
        List<String> passed = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            if (name.startsWith("--jobs.") || name.startsWith("--telemetry.") || name.startsWith("--storage-classes.")) {
                passed.add(arg);
                continue;
            }
            switch (name) {
                case "--part" -> part = choice(Part.class, arg, value);
                case "--nodes" -> nodes = number(arg, value);
                case "--seconds" -> seconds = number(arg, value);
                case "--warmup" -> warmup = number(arg, value);
                case "--jit-warmup" -> jitWarmup = number(arg, value);
                case "--rounds" -> rounds = number(arg, value);
                case "--threads" -> threads = number(arg, value);
                case "--batch" -> batch = number(arg, value);
                case "--rate" -> rate = number(arg, value);
                case "--window" -> window = duration(arg, value);
                case "--slide" -> slide = duration(arg, value);
                case "--allowed-lag" -> lag = duration(arg, value);
                case "--tail" -> tail = duration(arg, value);
                case "--snapshot-interval" -> snapshots = duration(arg, value);
                case "--events-ttl" -> ttl = duration(arg, value);
                case "--inventory" -> inventory = bool(arg, value);
                case "--runs" -> runs = number(arg, value);
                case "--kill" -> kill = choice(Kill.class, arg, value);
                case "--failover-rate" -> failoverRate = number(arg, value);
                case "--node-heap" -> heap = value;
                default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
        }
        return new StreamingOptions(part, nodes, seconds, warmup, jitWarmup, rounds, threads, batch, rate, window, slide, lag,
                tail, snapshots, ttl, inventory, runs, kill, failoverRate, heap, passed);
    }

    /** The unmeasured phase that compiles the code first: {@code --jit-warmup} seconds, no warm-up of its own. */
    StreamingOptions jitWarmupPhase() {
        return new StreamingOptions(part, nodes, Math.max(1, jitWarmupSeconds), 0, 0, 1, threads, batch, rate, window,
                slide, allowedLag, tail, snapshotInterval, eventsTtl, inventory, runs, kill, failoverRate, nodeHeap,
                nodeFlags);
    }

    /** The flags every node gets: the job's settings, then whatever was passed on. */
    List<String> jobFlags() {
        List<String> flags = new ArrayList<>(List.of(
                "--jobs.node-health.window=" + Durations.format(window),
                "--jobs.node-health.slide=" + Durations.format(slide),
                "--jobs.allowed-lag=" + Durations.format(allowedLag),
                "--jobs.snapshot-interval=" + Durations.format(snapshotInterval),
                "--storage-classes.telemetry-events.ttl=" + Durations.format(eventsTtl),
                "--control.job-supervision.interval=1s"));
        flags.addAll(nodeFlags);
        return flags;
    }

    String describeJob() {
        return String.format(Locale.ROOT, "node-health window %s sliding by %s, allowed lag %s, snapshot interval %s;"
                        + " telemetry.events ttl %s; %d xnames, inventory %s%s",
                Durations.format(window), Durations.format(slide), Durations.format(allowedLag),
                Durations.format(snapshotInterval), Durations.format(eventsTtl), nodes,
                inventory ? "loaded" : "empty", nodeFlags.isEmpty() ? "" : "; node flags " + nodeFlags);
    }

    private static int number(String arg, String value) {
        return number(arg, value, USAGE);
    }

    /** @throws IllegalArgumentException naming the argument, followed by {@code usage} */
    static int number(String arg, String value, String usage) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + arg + "\n" + usage);
        }
    }

    private static Duration duration(String arg, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(arg + ": " + e.getMessage() + "\n" + USAGE);
        }
    }

    private static boolean bool(String arg, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false: " + arg + "\n" + USAGE);
        };
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String arg, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value: " + arg + "\n" + USAGE);
        }
    }
}
