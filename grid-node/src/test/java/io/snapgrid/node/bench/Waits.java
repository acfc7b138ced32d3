package io.snapgrid.node.bench;

import java.util.function.BooleanSupplier;

/** Waiting with a limit of the caller's choosing: a loaded machine can take minutes where a test allows one. */
final class Waits {

    private Waits() {
    }

    /** @throws IllegalStateException naming what was awaited, if it was not reached within {@code seconds} */
    static void until(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + seconds + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
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

    /** As {@link #until}, but returns false instead of throwing when the time runs out. */
    static boolean within(int seconds, BooleanSupplier condition) {
        try {
            until("", seconds, condition);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
