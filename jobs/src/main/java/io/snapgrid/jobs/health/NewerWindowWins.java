package io.snapgrid.jobs.health;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

/**
 * The update rule of {@code telemetry.node-health}: a window replaces the stored one unless the stored one ends
 * later. A window replayed after a restart therefore overwrites itself (same key, same value), and an older
 * window replayed after a newer one was written leaves the newer one in place. A stored value that is not a
 * readable NodeHealth (a client wrote something else) is replaced.
 */
final class NewerWindowWins {

    private NewerWindowWins() {
    }

    static Object apply(Object stored, NodeHealthWindow window) {
        if (stored instanceof GenericRecord compact) {
            try {
                if (NodeHealthWindow.fromCompact(compact).windowEnd() > window.windowEnd()) {
                    return stored;
                }
            } catch (RuntimeException unreadable) {
                // Not ours: replace it.
            }
        }
        return window.toCompact();
    }
}
