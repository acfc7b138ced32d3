package io.snapgrid.node.config;

/** A leaf of the merged configuration tree, remembering which layer set it. */
record ConfigValue(Object value, ConfigSource source) {
}
