package io.snapgrid.snapshot.impl;

import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;

/**
 * Keys after {@code after} up to and including {@code upTo}, in {@link String#compareTo} order; a null bound is open.
 * As a Parquet filter it lets a reader skip the row groups and pages whose key statistics lie outside. Parquet
 * compares keys as UTF-8 bytes, which orders strings as {@code compareTo} does unless one holds a character from
 * U+D800 up; a bound holding one is left out of the filter, so the filter never drops a key in range, and callers
 * still check each key they read.
 */
public record KeyRange(String after, String upTo) {

    private static final Operators.BinaryColumn KEY = FilterApi.binaryColumn(RowSchema.KEY);
    private static final char FIRST_UTF16_ORDER_MISMATCH = '\uD800';

    public static final KeyRange ALL = new KeyRange(null, null);

    public boolean contains(String key) {
        return (after == null || key.compareTo(after) > 0) && (upTo == null || key.compareTo(upTo) <= 0);
    }

    FilterCompat.Filter filter() {
        FilterPredicate lower = orderedAsUtf8(after) ? FilterApi.gt(KEY, Binary.fromString(after)) : null;
        FilterPredicate upper = orderedAsUtf8(upTo) ? FilterApi.ltEq(KEY, Binary.fromString(upTo)) : null;
        if (lower == null || upper == null) {
            return lower == null && upper == null ? FilterCompat.NOOP : FilterCompat.get(lower == null ? upper : lower);
        }
        return FilterCompat.get(FilterApi.and(lower, upper));
    }

    private static boolean orderedAsUtf8(String bound) {
        return bound != null && bound.chars().allMatch(c -> c < FIRST_UTF16_ORDER_MISMATCH);
    }
}
