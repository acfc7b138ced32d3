package io.snapgrid.jobs.window;

import java.io.Serializable;

/** Turns one key's aggregate over one window into the item the window stage emits. */
@FunctionalInterface
public interface WindowResultFn<K, R, O> extends Serializable {

    O apply(K key, long windowStart, long windowEnd, R result);
}
