package io.snapgrid.node.config;

import java.time.Duration;

public record RestSettings(
        int port,
        int maxBodyBytes,
        int maxBatchEntries,
        int maxPageSize,
        int sqlMaxRows,
        Duration sqlTimeout) {
}
