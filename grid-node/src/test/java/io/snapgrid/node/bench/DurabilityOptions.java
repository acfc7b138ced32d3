package io.snapgrid.node.bench;

import io.snapgrid.node.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of one {@link DurabilityBenchmark} run, from {@code --key=value} arguments; see the benchmark's javadoc for
 * what each one means. A typo is refused, never silently replaced by a default.
 */
record DurabilityOptions(Set<Part> parts, int seconds, int warmupSeconds, List<Integer> writers, int rounds,
                         List<String> maps, int keys,
                         Duration weakInterval, int restoreNodes, String restoreFrom, boolean compact,
                         int putAllBatch, Duration sustained, Duration reportEvery, int sustainedWriters,
                         int sustainedRate, Duration coordinationInterval, Duration maxAge, Path dir,
                         boolean keepFiles) {

    /** S3_RESTORE ({@code s3-restore}) runs only when named: it holds every snapshot file in this JVM's s3proxy. */
    enum Part { THROUGHPUT, RESTORE, SUSTAINED, S3_RESTORE }

    static final String USAGE = "usage: DurabilityBenchmark [--parts=throughput,restore,sustained,s3-restore] [--seconds=10]"
            + " [--warmup=3] [--writers=1,16,64] [--rounds=1] [--maps=none,weak,strong] [--keys=50000] [--weak-interval=5s]"
            + " [--restore-nodes=250000] [--restore-from=strong|weak] [--compact=true] [--putall-batch=10000]"
            + " [--sustained=10m] [--report-every=1m] [--sustained-writers=8] [--sustained-rate=0]"
            + " [--coordination-interval=30s] [--max-age=0] [--dir=<java.io.tmpdir>] [--keep-files=false]";

    DurabilityOptions {
        if (parts.isEmpty() || seconds < 1 || warmupSeconds < 0 || writers.isEmpty() || rounds < 1 || keys < 1
                || restoreNodes < 1 || putAllBatch < 1 || sustainedWriters < 1 || sustainedRate < 0
                || writers.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("need at least one part, seconds >= 1, warmup >= 0, writers >= 1,"
                    + " rounds >= 1, keys >= 1, restore-nodes >= 1, putall-batch >= 1, sustained-writers >= 1 and"
                    + " sustained-rate >= 0; " + USAGE);
        }
        if (weakInterval.toMillis() % 1000 != 0 || weakInterval.isZero() || reportEvery.isZero()
                || coordinationInterval.isZero() || sustained.isZero()) {
            throw new IllegalArgumentException("weak-interval must be whole seconds >= 1s; report-every, sustained"
                    + " and coordination-interval must be positive; " + USAGE);
        }
        if (maps.isEmpty() || !DurabilityClasses.MAPS.containsAll(maps)) {
            throw new IllegalArgumentException("maps must be some of none, weak, strong; " + USAGE);
        }
        if (!restoreFrom.equals("strong") && !restoreFrom.equals("weak")) {
            throw new IllegalArgumentException("restore-from must be strong or weak, got " + restoreFrom + "; " + USAGE);
        }
    }

    static DurabilityOptions parse(String... args) {
        Set<Part> parts = EnumSet.of(Part.THROUGHPUT, Part.RESTORE, Part.SUSTAINED);
        int seconds = 10;
        int warmup = 3;
        List<Integer> writers = List.of(1, 16, 64);
        int rounds = 1;
        List<String> maps = DurabilityClasses.MAPS;
        int keys = 50_000;
        Duration weakInterval = Duration.ofSeconds(5);
        int restoreNodes = 250_000;
        String restoreFrom = "strong";
        boolean compact = true;
        int putAllBatch = 10_000;
        Duration sustained = Duration.ofMinutes(10);
        Duration reportEvery = Duration.ofMinutes(1);
        int sustainedWriters = 8;
        int sustainedRate = 0;
        Duration coordination = Duration.ofSeconds(30);
        Duration maxAge = Duration.ZERO;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        boolean keepFiles = false;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--parts" -> parts = parts(arg, value);
                case "--seconds" -> seconds = number(arg, value);
                case "--warmup" -> warmup = number(arg, value);
                case "--writers" -> writers = numbers(arg, value);
                case "--rounds" -> rounds = number(arg, value);
                case "--maps" -> maps = maps(value);
                case "--keys" -> keys = number(arg, value);
                case "--weak-interval" -> weakInterval = duration(arg, value);
                case "--restore-nodes" -> restoreNodes = number(arg, value);
                case "--restore-from" -> restoreFrom = value;
                case "--compact" -> compact = bool(arg, value);
                case "--putall-batch" -> putAllBatch = number(arg, value);
                case "--sustained" -> sustained = duration(arg, value);
                case "--report-every" -> reportEvery = duration(arg, value);
                case "--sustained-writers" -> sustainedWriters = number(arg, value);
                case "--sustained-rate" -> sustainedRate = number(arg, value);
                case "--coordination-interval" -> coordination = duration(arg, value);
                case "--max-age" -> maxAge = duration(arg, value);
                case "--dir" -> dir = Path.of(value);
                case "--keep-files" -> keepFiles = bool(arg, value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; " + USAGE);
            }
        }
        return new DurabilityOptions(parts, seconds, warmup, writers, rounds, maps, keys, weakInterval, restoreNodes,
                restoreFrom, compact, putAllBatch, sustained, reportEvery, sustainedWriters, sustainedRate,
                coordination, maxAge, dir, keepFiles);
    }

    boolean runs(Part part) {
        return parts.contains(part);
    }

    private static Set<Part> parts(String arg, String value) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String part : value.split(",")) {
            try {
                parts.add(Part.valueOf(part.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown part in " + arg + "; " + USAGE);
            }
        }
        return parts;
    }

    /** Durability names, kept in the benchmark's order none, weak, strong. */
    private static List<String> maps(String value) {
        List<String> named = new ArrayList<>();
        for (String durability : value.split(",")) {
            String map = "bench." + durability.trim().toLowerCase(Locale.ROOT);
            if (!DurabilityClasses.MAPS.contains(map)) {
                throw new IllegalArgumentException("unknown durability " + durability + " in --maps; " + USAGE);
            }
            named.add(map);
        }
        return DurabilityClasses.MAPS.stream().filter(named::contains).toList();
    }

    private static int number(String arg, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + arg + "; " + USAGE);
        }
    }

    private static List<Integer> numbers(String arg, String value) {
        List<Integer> numbers = new ArrayList<>();
        for (String number : value.split(",")) {
            numbers.add(number(arg, number.trim()));
        }
        return List.copyOf(numbers);
    }

    private static Duration duration(String arg, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(arg + ": " + e.getMessage() + "; " + USAGE);
        }
    }

    private static boolean bool(String arg, String value) {
        return switch (value) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false: " + arg + "; " + USAGE);
        };
    }
}
