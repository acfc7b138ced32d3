package io.snapgrid.node.health;

import jakarta.inject.Singleton;

/**
 * Whether this member has begun to leave. Set before anything else of a graceful stop, so that readiness is off
 * while weak maps flush and partitions migrate: an orchestrator must not count a leaving member as serving.
 */
@Singleton
public final class Leaving {

    private volatile boolean begun;

    public void begin() {
        begun = true;
    }

    public boolean begun() {
        return begun;
    }
}
