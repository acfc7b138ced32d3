package io.snapgrid.node.bench;

/**
 * The outcome of one (op, callers, transport) combination. Latencies are of successful operations only;
 * {@code firstError} is null when there were none.
 */
record Cell(Op op, int callers, String transport, long ops, double opsPerSecond, long p50Nanos, long p99Nanos,
            long maxNanos, long errors, String firstError) {
}
