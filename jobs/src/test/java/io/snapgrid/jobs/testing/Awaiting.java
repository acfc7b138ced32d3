package io.snapgrid.jobs.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/**
 * Awaitility as the tests of this module and of grid-node use it, for a condition the cluster reaches
 * asynchronously: polled every 100 ms on the test's own thread, failing only if it is not reached within
 * {@link #LIMIT} (generous, for a loaded 2-core machine; {@code atMost} sets another). Uncaught exceptions of other
 * threads are left to their owners: Hazelcast and Micronaut threads log theirs, and must not fail an unrelated wait.
 */
public final class Awaiting {

    public static final Duration LIMIT = Duration.ofSeconds(90);

    private Awaiting() {
    }

    /** {@code await(what).until(() -> condition)}: {@code what} names the condition in a timeout's message. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .pollInSameThread().dontCatchUncaughtExceptions();
    }
}
