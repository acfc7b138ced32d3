package io.snapgrid.node.bench;

/** One way of reaching the grid; shared by all callers of a cell, so it must be thread-safe. */
interface Transport {

    String name();

    /**
     * Performs {@code op} on the dataset's key {@code key}. Returns only when the grid confirmed the operation.
     *
     * @param caller the calling thread's index, for transports that spread callers over members
     * @throws Exception when the operation failed, with a message saying how; the caller counts it as an error
     */
    void call(Op op, int key, int caller) throws Exception;
}
