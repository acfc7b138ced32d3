package io.snapgrid.node.durability;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer of the partition drills (in-JVM and packaged): it counts what it was told, so a drill can check that a
 * member alone acknowledged nothing and that each side went on writing or refused while split.
 */
abstract class PartitionDrillWriter extends Thread {

    private final AtomicBoolean finished = new AtomicBoolean();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger acknowledgedWhileSplit = new AtomicInteger();
    final AtomicInteger acknowledgedAlone = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();

    PartitionDrillWriter(String name) {
        super(name);
        setDaemon(true);
    }

    void countAcknowledged(boolean whileSplit, boolean alone) {
        acknowledged.incrementAndGet();
        acknowledgedWhileSplit.addAndGet(whileSplit ? 1 : 0);
        acknowledgedAlone.addAndGet(alone ? 1 : 0);
    }

    /** Refused, or acknowledged enough while split that its side evidently writes on. */
    boolean refusedOrWroteOnWhileSplit() {
        return refused.get() > 0 || acknowledgedWhileSplit.get() > 2;
    }

    boolean finished() {
        return finished.get();
    }

    void finish() {
        finished.set(true);
        try {
            join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String counts() {
        return acknowledged + " acknowledged (" + acknowledgedWhileSplit + " while split, " + acknowledgedAlone
                + " alone), " + refused + " refused with no-majority, " + unknown + " unknown";
    }
}
