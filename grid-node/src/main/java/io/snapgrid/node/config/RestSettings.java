package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;

import java.time.Duration;

@ConfigurationProperties("rest")
public record RestSettings(
        // An address or host name; 0.0.0.0 for every interface (then security must be on, or waived on purpose).
        String bindAddress,
        int port,
        @ReadableBytes int maxBodyBytes,
        int maxBatchEntries,
        int maxPageSize,
        int sqlMaxRows,
        Duration sqlTimeout) {
}
