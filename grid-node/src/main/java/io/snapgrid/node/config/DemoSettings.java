package io.snapgrid.node.config;

/** Demo inventory loaded at startup; 0 nodes means none. */
public record DemoSettings(int nodes, long seed) {
}
