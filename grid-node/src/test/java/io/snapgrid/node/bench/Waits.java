package io.snapgrid.node.bench;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;

import static io.snapgrid.jobs.testing.Awaiting.await;

/** Waiting in a benchmark, where a condition not reached is something to report rather than always a failure. */
final class Waits {

    private Waits() {
    }

    /**
     * Starts something that picks free ports first and binds them later, up to three times: on a machine shared with
     * other builds, another process can take such a port in between.
     */
    static <T> T retrying(String what, java.io.PrintStream log, java.util.function.Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (RuntimeException | AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                log.println("bench: could not " + what + " (attempt " + attempt + "), trying again: " + e);
            }
        }
    }

    /** Whether {@code condition} held within {@code limit}, which a benchmark chooses for the machine it runs on. */
    static boolean within(Duration limit, Callable<Boolean> condition) {
        try {
            await("a benchmark condition").atMost(limit).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
