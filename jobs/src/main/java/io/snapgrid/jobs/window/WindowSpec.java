package io.snapgrid.jobs.window;

import java.io.Serializable;

/**
 * Windows of {@code size} advancing by {@code slide}, aligned to the epoch like Jet's: window ends are multiples of
 * the slide, and a window ending at E covers event times in [E - size, E). Tumbling when slide equals size. Events
 * are kept in frames of one slide each; a window combines the {@code size / slide} frames it covers.
 */
public record WindowSpec(long size, long slide) implements Serializable {

    public WindowSpec {
        if (size <= 0 || slide <= 0 || size % slide != 0) {
            throw new IllegalArgumentException("window size " + size + " must be a positive multiple of slide "
                    + slide);
        }
    }

    public static WindowSpec sliding(long size, long slide) {
        return new WindowSpec(size, slide);
    }

    public static WindowSpec tumbling(long size) {
        return new WindowSpec(size, size);
    }

    /** The start of the frame holding {@code time}; also the end of the last window that does not contain it. */
    public long frameStart(long time) {
        return Math.floorDiv(time, slide) * slide;
    }
}
