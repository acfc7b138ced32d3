package io.snapgrid.node.health;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicReference;

/** Whether this node has finished loading what it must hold before it serves (schemas, mappings, demo data). */
@Singleton
public final class InitialLoad {

    private final AtomicReference<String> pending = new AtomicReference<>("starting");

    public void loading(String what) {
        pending.set(what);
    }

    public void finished() {
        pending.set(null);
    }

    /** What is still loading, or null when done. */
    public String pending() {
        return pending.get();
    }
}
