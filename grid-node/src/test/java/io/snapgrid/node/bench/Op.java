package io.snapgrid.node.bench;

/** The single-key operations compared; both transports do the same grid work for each. */
enum Op {
    GET, PUT
}
