package io.snapgrid.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings of one {@link IngestBenchmark} run, from {@code --key=value} arguments; see {@link #USAGE}. Any argument
 * starting with {@code --jobs.}, {@code --telemetry.}, {@code --storage-classes.} or {@code --cluster.} is passed on
 * to every node as it is, after the benchmark's own node flags, so it wins over them.
 */
record IngestOptions(int xnames, int members, int threads, int batch, int rate, int seconds, int warmupSeconds,
                     Via via, int backlog, boolean inventory, List<String> nodeFlags) {

    /** How the callers' batches reach the grid. */
    enum Via {
        /** {@code POST /v1/telemetry}: what the benchmark measures. */
        REST,
        /** The Java client's {@code putAll}: the platform floor ({@link PutAllTelemetry}). */
        PUTALL
    }

    private static final Set<String> NAMES = Set.of("--xnames", "--members", "--threads", "--batch", "--rate",
            "--seconds", "--warmup", "--via", "--backlog", "--inventory");
    static final String USAGE = """
            usage: IngestBenchmark [--key=value ...]
              --xnames=250000   xnames sending a heartbeat and a temperature each per round
              --members=3       members in this JVM (cluster.expected-size follows)
              --threads=16      concurrent REST callers, batches round-robin over the members
              --batch=1000      events per POST
              --rate=0          events/s the callers offer together; 0: as fast as ingest answers
              --seconds=40 --warmup=20   measured and unmeasured seconds of ingest
              --via=rest        rest: POST /v1/telemetry; putall: the Java client's putAll of the same events
                                into a map like telemetry.events that no Snapgrid code or job touches, the
                                platform floor (no HTTP, JSON, checks, write-once or job)
              --backlog=0       0: the job runs along the load. N: node-health is suspended while the callers
                                write N events (no warm-up, no measured seconds), then resumed with nothing else
                                running, and its intake while it drains that backlog is measured: the job's own
                                ceiling on this machine (telemetry.events' journal is raised to hold it)
              --inventory       first write the xnames' node records into inventory.nodes, so that the job's
                                lastHeartbeat updates change records, as in a deployment; the control
                                service's stale-heartbeat limits become ten years, so it flags no node
            any --jobs.*, --telemetry.*, --storage-classes.* or --cluster.* flag is passed on to every node""";

    IngestOptions {
        if (xnames < 1 || members < 1 || threads < 1 || batch < 2 || rate < 0 || seconds < 1 || warmupSeconds < 0
                || backlog < 0) {
            throw new IllegalArgumentException("need xnames, members, threads and seconds >= 1, batch >= 2, rate,"
                    + " warmup and backlog >= 0\n" + USAGE);
        }
        if (backlog > 0 && via != Via.REST) {
            throw new IllegalArgumentException("--backlog needs the events in telemetry.events: --via=rest\n" + USAGE);
        }
        nodeFlags = List.copyOf(nodeFlags);
    }

    /** @throws IllegalArgumentException naming the argument, so that a typo never silently runs the defaults */
    static IngestOptions parse(String... args) {
        int xnames = 250_000;
        int members = 3;
        int threads = 16;
        int batch = 1000;
        int rate = 0;
        int seconds = 40;
        int warmup = 20;
        int backlog = 0;
        boolean inventory = false;
        Via via = Via.REST;
        List<String> passed = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            if (name.startsWith("--jobs.") || name.startsWith("--telemetry.") || name.startsWith("--storage-classes.")
                    || name.startsWith("--cluster.")) {
                passed.add(arg);
                continue;
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
            if (name.equals("--inventory") && eq < 0) {
                inventory = true;
                continue;
            }
            if (name.equals("--via")) {
                via = switch (value) {
                    case "rest" -> Via.REST;
                    case "putall" -> Via.PUTALL;
                    default -> throw new IllegalArgumentException("--via takes rest or putall, not '" + value
                            + "'\n" + USAGE);
                };
                continue;
            }
            int number = StreamingOptions.number(arg, value, USAGE);
            switch (name) {
                case "--xnames" -> xnames = number;
                case "--members" -> members = number;
                case "--threads" -> threads = number;
                case "--batch" -> batch = number;
                case "--rate" -> rate = number;
                case "--seconds" -> seconds = number;
                case "--backlog" -> backlog = number;
                default -> warmup = number;
            }
        }
        return new IngestOptions(xnames, members, threads, batch, rate, seconds, warmup, via, backlog, inventory,
                passed);
    }

    /**
     * The flags every node gets: the expected size, the putAll floor's map if used, a journal that holds the
     * backlog and job metrics every second if one is drained, stale-heartbeat limits of ten years with an
     * inventory, then whatever was passed on.
     */
    List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("--cluster.expected-size=" + members));
        if (via == Via.PUTALL) {
            flags.addAll(PutAllTelemetry.STORAGE_CLASS);
        }
        if (backlog > 0) {
            // Twice the backlog, so that no journal partition of the 271 overflows with its share of it.
            flags.add("--storage-classes.telemetry-events.event-journal-capacity=" + Math.max(1_000_000, 2L * backlog));
            flags.add("--cluster.hazelcast-properties.hazelcast.metrics.collection.frequency=1");
        }
        if (inventory) {
            flags.add("--control.node-health.warning-after=87600h");
            flags.add("--control.node-health.alert-after=87624h");
        }
        flags.addAll(nodeFlags);
        return flags;
    }
}
