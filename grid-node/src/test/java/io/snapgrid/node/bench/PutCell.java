package io.snapgrid.node.bench;

/**
 * One (round, writers, map) measurement of part 1. Latencies are of successful puts only; {@code log} and
 * {@code inFlight} are null except for the strong map.
 *
 * @param cpuMicrosPerPut CPU time of this whole JVM (members, client, writers, background work) over the measured
 *                        window, per put: on a shared machine, where the JVM gets a varying share of the cores,
 *                        this compares the classes' costs more steadily than throughput does
 * @param log      the commit logs of all members over the measured window
 * @param inFlight strong stores waiting for their fsync at once, sampled over the measured window
 */
record PutCell(int round, int writers, String map, long ops, double opsPerSecond, long p50Nanos, long p99Nanos,
               long maxNanos, long errors, String firstError, double cpuMicrosPerPut, LogWindow log, InFlight inFlight) {

    /** Commit log counters summed over the members, as differences across a window. */
    record LogWindow(long appends, long writes, long fsyncs, double seconds) {

        double meanBatch() {
            return writes == 0 ? 0 : (double) appends / writes;
        }

        double fsyncsPerSecond() {
            return fsyncs / seconds;
        }
    }

    /**
     * How many threads were inside a strong store (encoding, or waiting for the group commit) at each sample, in all
     * members together, and the most seen in one member.
     */
    record InFlight(int samples, double mean, int max, int maxPerMember, double meanDumpMillis) {
    }
}
