package io.snapgrid.snapshot;

/**
 * How far a restore got, for the map being loaded and for all maps of the plan. Totals are the rows and bytes of
 * the data files the plan's manifests name; rows count as done once the value pass has scanned them, whether they
 * were loaded, superseded by a later row or tombstones. Bytes within a file are prorated by rows.
 */
public record RestoreStatus(String map, Amount mapDone, Amount mapTotal, Amount done, Amount total) {

    private static final double MB = 1_000_000.0;

    public record Amount(long rows, long bytes) {

        public static final Amount ZERO = new Amount(0, 0);

        public Amount plus(Amount other) {
            return new Amount(rows + other.rows, bytes + other.bytes);
        }
    }

    /** As the node logs it: {@code restore: inventory.nodes 120000/250000 rows, 40.1/81.0 MB (all maps: ...)}. */
    @Override
    public String toString() {
        return String.format("restore: %s %s (all maps: %s)", map, fraction(mapDone, mapTotal), fraction(done, total));
    }

    private static String fraction(Amount done, Amount total) {
        return String.format("%d/%d rows, %.1f/%.1f MB", done.rows(), total.rows(), done.bytes() / MB,
                total.bytes() / MB);
    }
}
