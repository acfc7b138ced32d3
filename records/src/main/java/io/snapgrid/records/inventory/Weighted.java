package io.snapgrid.records.inventory;

import java.util.List;
import java.util.SplittableRandom;

/** Picks one of a few values with fixed relative weights. */
final class Weighted<T> {

    private final List<T> values;
    private final int[] cumulative;

    Weighted(List<T> values, int... weights) {
        if (values.size() != weights.length) {
            throw new IllegalArgumentException(values.size() + " values but " + weights.length + " weights");
        }
        this.values = List.copyOf(values);
        this.cumulative = new int[weights.length];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            cumulative[i] = total;
        }
    }

    T pick(SplittableRandom random) {
        int roll = random.nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (roll >= cumulative[i]) {
            i++;
        }
        return values.get(i);
    }
}
