package io.snapgrid.snapshot.mapstore;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock for row revisions: the cluster's time in milliseconds in the high bits and a counter in
 * the low {@value #COUNTER_BITS}, never repeating or going back on this member. Restore keeps each key's row with the
 * highest revision, so a key's later change must get a higher revision even when another member (the key's next
 * owner after a migration) assigns it: cluster time, which Hazelcast keeps in step with the master's clock, orders
 * those across members as long as a key changes owner more slowly than the members' clocks disagree. A member seeds
 * the clock above every revision it restores, so a change after a restart never loses to a row already stored.
 */
final class RevisionClock {

    static final int COUNTER_BITS = 20;

    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    private volatile LongSupplier millis = System::currentTimeMillis;

    /** Switches to the cluster's time once the member exists. */
    void useTime(LongSupplier millis) {
        this.millis = millis;
    }

    long next() {
        long physical = millis.getAsLong() << COUNTER_BITS;
        return last.updateAndGet(previous -> Math.max(previous + 1, physical));
    }

    /** Makes every later revision exceed {@code revision}. */
    void observe(long revision) {
        last.accumulateAndGet(revision, Math::max);
    }
}
