package io.snapgrid.node.bench;

/**
 * Settings of one run of the single-key benchmarks (REST against client, near cache), from
 * {@code --seconds=N --warmup=N --keys=N}.
 */
record Options(int seconds, int warmupSeconds, int keys) {

    static final String USAGE = "usage: [--seconds=N] [--warmup=N] [--keys=N]"
            + " (defaults 10, 3, 10000)";

    Options {
        if (seconds < 1 || warmupSeconds < 0 || keys < 1) {
            throw new IllegalArgumentException("need seconds >= 1, warmup >= 0 and keys >= 1; " + USAGE);
        }
    }

    /** @throws IllegalArgumentException naming the argument, so that a typo never silently runs the defaults */
    static Options parse(String... args) {
        int seconds = 10;
        int warmup = 3;
        int keys = 10_000;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--seconds" -> seconds = number(arg, value);
                case "--warmup" -> warmup = number(arg, value);
                case "--keys" -> keys = number(arg, value);
                default -> throw new IllegalArgumentException("unknown argument " + arg + "; " + USAGE);
            }
        }
        return new Options(seconds, warmup, keys);
    }

    private static int number(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + arg + "; " + USAGE);
        }
    }
}
