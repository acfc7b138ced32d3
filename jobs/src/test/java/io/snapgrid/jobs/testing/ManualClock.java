package io.snapgrid.jobs.testing;

import io.snapgrid.jobs.common.WallClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock the test moves by hand. The members run in the test's JVM, so the job's functions, deserialized
 * there, read this same static field.
 */
public final class ManualClock {

    private static final AtomicLong NOW = new AtomicLong();

    private ManualClock() {
    }

    public static WallClock clock() {
        return ManualClock::millis;
    }

    public static long millis() {
        return NOW.get();
    }

    public static void set(long millis) {
        NOW.set(millis);
    }
}
