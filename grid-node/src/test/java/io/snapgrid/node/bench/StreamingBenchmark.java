package io.snapgrid.node.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.jobs.JobMaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node-health streaming job end to end, with telemetry arriving through {@code POST /v1/telemetry} (REST, the
 * real path; never written to {@code telemetry.events} directly) for {@code --nodes} xnames, each sending a
 * heartbeat and a temperature per round. Run it with {@code ./snapgrid bench-streaming [--key=value ...]}; every
 * option is listed in {@link StreamingOptions#USAGE}.
 * <ol>
 *   <li><b>Exactly-once snapshots on vs off</b> ({@link GuaranteeComparison}): accepted events/s and window-result
 *   latency (a client entry listener on {@code telemetry.node-health}: arrival minus {@code windowEnd}, p50, p99,
 *   max) with the shipped EXACTLY_ONCE config and with processing guarantee NONE, each on a fresh 3-member cluster
 *   in this JVM, and their ratios. Members, client and callers share this JVM, so the figures compare the two
 *   guarantees with each other on this machine; they are not capacities.</li>
 *   <li><b>Time from a member's SIGKILL until results flow again</b> ({@link JobFailoverDrill}): on three packaged
 *   nodes, each in its own JVM, the time until the member is detected removed, until the job is RUNNING again and
 *   until the first new window result appears, as medians over {@code --runs}, against the detection time.</li>
 * </ol>
 * Exits non-zero only when a part could not run to the end, never because of a figure.
 */
public final class StreamingBenchmark {

    private static final int MEMBERS = 3;

    private StreamingBenchmark() {
    }

    public static void main(String[] args) {
        StreamingOptions options;
        try {
            options = StreamingOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        logToStandardError();
        int status = 1;
        try {
            run(options, System.out);
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            // Hazelcast and Netty leave non-daemon threads behind even after a clean shutdown.
            System.exit(status);
        }
    }

    /**
     * The nodes of part 1 log to the console from this JVM; moved to standard error, so that standard output carries
     * the report alone.
     */
    static void logToStandardError() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appender -> {
                if (appender instanceof ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
        }
    }

    /** Runs the parts asked for and prints them; callable from tests, since it never exits. */
    static Result run(StreamingOptions options, PrintStream out) throws Exception {
        Dataset fleet = Dataset.generate(options.nodes());
        out.println(environment());
        out.println("job: " + options.describeJob());
        out.flush();
        List<GuaranteeComparison.Phase> phases = new ArrayList<>();
        if (options.part() != StreamingOptions.Part.FAILOVER) {
            if (options.jitWarmupSeconds() > 0) {
                // Both guarantees run in this JVM: whichever ran first would also pay for compiling the code.
                GuaranteeComparison.measure(options.jitWarmupPhase(), fleet, ProcessingGuarantee.EXACTLY_ONCE, 0,
                        System.err);
                System.err.printf(Locale.ROOT, "bench: JIT warm-up phase done (discarded), %s%n", load());
            }
            for (int round = 1; round <= options.rounds(); round++) {
                // Alternating which goes first, so that neither always runs on the warmer (or busier) machine.
                List<ProcessingGuarantee> order = round % 2 == 1
                        ? List.of(ProcessingGuarantee.EXACTLY_ONCE, ProcessingGuarantee.NONE)
                        : List.of(ProcessingGuarantee.NONE, ProcessingGuarantee.EXACTLY_ONCE);
                for (ProcessingGuarantee guarantee : order) {
                    phases.add(GuaranteeComparison.measure(options, fleet, guarantee, round, System.err));
                    System.err.printf(Locale.ROOT, "bench: %s round %d done, %s%n", guarantee, round, load());
                }
            }
            GuaranteeComparison.print(options, phases, out);
            out.flush();
        }
        List<JobFailoverDrill.Run> runs = List.of();
        if (options.part() != StreamingOptions.Part.GUARANTEE) {
            runs = JobFailoverDrill.run(options, fleet, out);
        }
        out.println();
        out.println("load average at the end: " + load());
        out.flush();
        return new Result(phases, runs);
    }

    record Result(List<GuaranteeComparison.Phase> phases, List<JobFailoverDrill.Run> runs) {
    }

    /** Puts the fleet's nodes into inventory.nodes (a strong map), so that lastHeartbeat updates find them. */
    static void loadInventory(HazelcastInstance client, Dataset fleet) {
        IMap<String, GenericRecord> nodes = client.getMap(JobMaps.INVENTORY_NODES);
        Map<String, GenericRecord> batch = new HashMap<>();
        for (Map.Entry<String, GenericRecord> node : fleet.compactByKey().entrySet()) {
            batch.put(node.getKey(), node.getValue());
            if (batch.size() == 1000) {
                nodes.putAll(batch);
                batch.clear();
            }
        }
        nodes.putAll(batch);
    }

    /** Dead letters by reason (LATE, INVALID, ...: the reason field up to its first colon), over the whole map. */
    static Map<String, Long> deadLetterReasons(HazelcastInstance client) {
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (Object value : client.getMap(JobMaps.DEAD_LETTER).values()) {
            String reason = value instanceof GenericRecord letter ? letter.getString("reason") : "unreadable";
            int colon = reason == null ? -1 : reason.indexOf(':');
            reasons.merge(colon < 0 ? String.valueOf(reason) : reason.substring(0, colon), 1L, Long::sum);
        }
        return reasons;
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String environment() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "JVM: %s %s (%s), %s %s, %d cores, max heap %d MB; load average %s;"
                        + " part 1: %d members, client and callers share this JVM",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024), load(), MEMBERS);
    }
}
