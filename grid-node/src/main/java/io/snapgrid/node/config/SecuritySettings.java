package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Who may call the REST API (docs/security.md). Micronaut Security reads these through application.yml and the
 * beans of io.snapgrid.node.security; nothing else configures it.
 */
@ConfigurationProperties("security")
public record SecuritySettings(boolean enabled, boolean allowUnauthenticated, Jwt jwt) {

    /** Blank strings mean "not set": the shipped file gives every key, so that a user file may only override. */
    @ConfigurationProperties("jwt")
    public record Jwt(@Nullable String hmacSecret, @Nullable String jwksUrl, @Nullable String issuer,
                      @Nullable String audience, String rolesClaim) {

        public Jwt {
            hmacSecret = blankless(hmacSecret);
            jwksUrl = blankless(jwksUrl);
            issuer = blankless(issuer);
            audience = blankless(audience);
        }

        private static String blankless(String value) {
            return value == null ? "" : value.trim();
        }
    }
}
