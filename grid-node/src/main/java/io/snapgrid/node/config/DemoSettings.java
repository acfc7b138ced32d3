package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Demo inventory loaded at startup; 0 nodes means none. */
@ConfigurationProperties("demo")
public record DemoSettings(int nodes, long seed) {
}
