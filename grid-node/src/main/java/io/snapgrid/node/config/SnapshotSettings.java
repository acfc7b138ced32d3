package io.snapgrid.node.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The snapshot store: the root every member shares, and how much history the leader's retention keeps.
 *
 * @param keepFull at least this many newest full snapshots are kept per map, each with its deltas
 * @param maxAge   every full snapshot younger than this is kept too (0: by count alone)
 */
public record SnapshotSettings(Path root, int keepFull, Duration maxAge) {
}
