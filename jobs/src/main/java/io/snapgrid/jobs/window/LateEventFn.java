package io.snapgrid.jobs.window;

import java.io.Serializable;

/**
 * Turns an event that arrived after its windows closed into the item the window stage emits instead of dropping
 * it (Jet's own windows drop such events, counting them only in a built-in metric).
 */
@FunctionalInterface
public interface LateEventFn<T, O> extends Serializable {

    /** @param closedUpTo the end of the newest closed window, which the event's time is before */
    O apply(T event, long eventTime, long closedUpTo);
}
