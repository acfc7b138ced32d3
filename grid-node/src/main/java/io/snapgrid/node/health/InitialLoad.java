package io.snapgrid.node.health;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Whether this node has finished loading what it must hold before it serves (schemas, mappings, demo data). */
@Singleton
public final class InitialLoad {

    private String pending = "starting";
    private final List<Runnable> whenFinished = new ArrayList<>();

    public synchronized void loading(String what) {
        pending = what;
    }

    public void finished() {
        List<Runnable> waiting;
        synchronized (this) {
            pending = null;
            waiting = List.copyOf(whenFinished);
            whenFinished.clear();
        }
        waiting.forEach(Runnable::run);
    }

    /** What is still loading, or null when done. */
    public synchronized String pending() {
        return pending;
    }

    /**
     * Runs {@code then} once the load is finished: now, on the caller's thread, if it already is; otherwise on the
     * thread that finishes it. A load that fails never finishes.
     */
    public void whenFinished(Runnable then) {
        synchronized (this) {
            if (pending != null) {
                whenFinished.add(then);
                return;
            }
        }
        then.run();
    }
}
