package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;

import java.time.Duration;

@ConfigurationProperties("rest")
public record RestSettings(
        int port,
        @ReadableBytes int maxBodyBytes,
        int maxBatchEntries,
        int maxPageSize,
        int sqlMaxRows,
        Duration sqlTimeout) {
}
