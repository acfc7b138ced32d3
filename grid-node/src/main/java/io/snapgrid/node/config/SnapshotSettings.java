package io.snapgrid.node.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The snapshot store: the root every member shares, the members' commit logs, restore, and how much history the
 * leader's retention keeps.
 *
 * @param keepFull          at least this many newest full snapshots are kept per map, each with its deltas
 * @param maxAge            every full snapshot younger than this is kept too (0: by count alone)
 * @param commitLogRoot     where each member process keeps its commit log (strong maps); shared like the root
 * @param logRollInterval   how often a member rolls its commit log into deltas
 * @param allowFallback     whether restore may fall back to an older valid snapshot when the latest chain is damaged
 * @param weakBacklogLimit  unflushed changes of one weak map on one member beyond which its writes are refused
 */
public record SnapshotSettings(Path root, int keepFull, Duration maxAge, Path commitLogRoot, Duration logRollInterval,
                               boolean allowFallback, int weakBacklogLimit) {
}
