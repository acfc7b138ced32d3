package io.snapgrid.jobs.window;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * One key's part of the window state, saved to and restored from Jet snapshots under the key itself, so that
 * Jet hands it back to whichever processor owns the key after a restart, rescaled or not.
 */
final class KeyWindows<A> implements Serializable {

    /** Accumulators by frame start, of the frames a window not yet closed may still need. */
    final TreeMap<Long, A> frames = new TreeMap<>();
    /** Every window of this key ending at or before this has been emitted; Long.MIN_VALUE for none. */
    long closedUpTo;
    /** The newest frame that ever held an event; decides when a silent key is forgotten. */
    long lastFrame = Long.MIN_VALUE;

    KeyWindows(long closedUpTo) {
        this.closedUpTo = closedUpTo;
    }

    @Override
    public String toString() {
        return "KeyWindows{frames=" + frames.keySet() + ", closedUpTo=" + closedUpTo + ", lastFrame=" + lastFrame
                + '}';
    }
}
