package io.snapgrid.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How Snapgrid's streaming jobs window, snapshot and close their windows. Every job captures its settings when its
 * pipeline is built; a change takes effect when the job is next submitted.
 *
 * @param healthWindow        length of the node-health sliding window; default 5 min
 * @param healthSlide         how far the node-health window advances; must divide {@code healthWindow}; default 30 s
 * @param rackWindow          length of the rack-states tumbling window; default 1 min
 * @param allowedLag          how far behind the newest event time (or the wall clock, see {@link #tickInterval})
 *                            an event may arrive and still be counted; a later one is a dead letter; default 10 s
 * @param snapshotInterval    how often the jobs take an exactly-once snapshot; default 10 s
 * @param tickInterval        how often the wall clock advances the watermark, so that windows close on time when no
 *                            events arrive at all; default 1 s
 * @param idleTimeout         how long a journal partition may stay without events before it stops holding back the
 *                            watermark; a quiet stream closes windows after this much more; default 10 s
 * @param forgetNodesAfter    how long the node-health job keeps emitting empty windows for a node that has gone
 *                            silent, counted from the end of its last non-empty window; default 1 h
 * @param keepHealthHistory   whether every node-health window is also written, keyed {@code xname@windowEnd}, to
 *                            {@link JobMaps#NODE_HEALTH_HISTORY}; default false
 */
public record JobSettings(Duration healthWindow, Duration healthSlide, Duration rackWindow, Duration allowedLag,
                          Duration snapshotInterval, Duration tickInterval, Duration idleTimeout,
                          Duration forgetNodesAfter, boolean keepHealthHistory) implements Serializable {

    public JobSettings {
        positive("healthWindow", healthWindow);
        positive("healthSlide", healthSlide);
        positive("rackWindow", rackWindow);
        Objects.requireNonNull(allowedLag, "allowedLag");
        if (allowedLag.isNegative()) {
            throw new IllegalArgumentException("allowedLag must not be negative, got " + allowedLag);
        }
        positive("snapshotInterval", snapshotInterval);
        positive("tickInterval", tickInterval);
        positive("idleTimeout", idleTimeout);
        positive("forgetNodesAfter", forgetNodesAfter);
        if (healthWindow.toMillis() % healthSlide.toMillis() != 0) {
            throw new IllegalArgumentException("healthSlide (" + healthSlide + ") must divide healthWindow ("
                    + healthWindow + ")");
        }
    }

    /** The documented defaults. */
    public static JobSettings defaults() {
        return new JobSettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofHours(1), false);
    }

    public JobSettings withHealthWindow(Duration window, Duration slide) {
        return new JobSettings(window, slide, rackWindow, allowedLag, snapshotInterval, tickInterval, idleTimeout,
                forgetNodesAfter, keepHealthHistory);
    }

    public JobSettings withRackWindow(Duration window) {
        return new JobSettings(healthWindow, healthSlide, window, allowedLag, snapshotInterval, tickInterval,
                idleTimeout, forgetNodesAfter, keepHealthHistory);
    }

    public JobSettings withAllowedLag(Duration lag) {
        return new JobSettings(healthWindow, healthSlide, rackWindow, lag, snapshotInterval, tickInterval,
                idleTimeout, forgetNodesAfter, keepHealthHistory);
    }

    public JobSettings withSnapshotInterval(Duration interval) {
        return new JobSettings(healthWindow, healthSlide, rackWindow, allowedLag, interval, tickInterval,
                idleTimeout, forgetNodesAfter, keepHealthHistory);
    }

    public JobSettings withTicks(Duration interval, Duration idle) {
        return new JobSettings(healthWindow, healthSlide, rackWindow, allowedLag, snapshotInterval, interval, idle,
                forgetNodesAfter, keepHealthHistory);
    }

    public JobSettings withForgetNodesAfter(Duration forget) {
        return new JobSettings(healthWindow, healthSlide, rackWindow, allowedLag, snapshotInterval, tickInterval,
                idleTimeout, forget, keepHealthHistory);
    }

    public JobSettings withHealthHistory(boolean keep) {
        return new JobSettings(healthWindow, healthSlide, rackWindow, allowedLag, snapshotInterval, tickInterval,
                idleTimeout, forgetNodesAfter, keep);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value);
        }
    }
}
