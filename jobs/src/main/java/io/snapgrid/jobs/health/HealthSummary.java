package io.snapgrid.jobs.health;

import java.io.Serializable;

/** One node's health over one window; the nullable fields are null when the window had no such reading. */
record HealthSummary(long heartbeats, Long lastHeartbeat, Double minTemperature, Double maxTemperature,
                     Double avgTemperature, long powerTransitions) implements Serializable {
}
