package io.snapgrid.records;

/** One typed column of a Hazelcast SQL mapping over a schema-bound map, e.g. {@code hostname VARCHAR}. */
public record SqlColumn(String name, String sqlType) {
}
