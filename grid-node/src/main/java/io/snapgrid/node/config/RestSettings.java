package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;

import java.time.Duration;
import java.util.Objects;

@ConfigurationProperties("rest")
public record RestSettings(
        // An address or host name; 0.0.0.0 for every interface (then security must be on, or waived on purpose).
        String bindAddress,
        int port,
        @ReadableBytes int maxBodyBytes,
        int maxBatchEntries,
        int maxPageSize,
        int sqlMaxRows,
        Duration sqlTimeout,
        // Changes of a map each member keeps for its change feed: how far a subscriber may fall behind or resume.
        int changeWindow,
        Tls tls) {

    /**
     * PEM files of the server's certificate chain and its private key: HTTPS only on the port when both are set.
     * Blank means not set, as the shipped file gives every key. A relative path is relative to the file that names it.
     */
    @ConfigurationProperties("tls")
    public record Tls(@Nullable String certificate, @Nullable String privateKey) {

        public Tls {
            certificate = Objects.requireNonNullElse(certificate, "").trim();
            privateKey = Objects.requireNonNullElse(privateKey, "").trim();
        }

        public boolean enabled() {
            return !certificate.isEmpty() || !privateKey.isEmpty();
        }
    }
}
