package io.snapgrid.node.security;

import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.DisabledBeanException;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import io.snapgrid.node.config.SecuritySettings;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * How a token's signature is checked, from security.jwt: the HMAC verifier, and the key set URL Micronaut Security
 * makes a verifier of. Beans rather than Micronaut's own signature keys, so that an unset secret or URL adds none.
 */
@Factory
@Requires(property = "micronaut.security.enabled", value = "true")
final class JwtSignatures {

    /** Seconds a fetched key set is kept; a provider's rotated key is picked up within this. */
    private static final int JWKS_CACHE_SECONDS = 60;

    /** The verifier itself: Micronaut derives one only from its own micronaut.security.* keys. */
    @Singleton
    @Named("snapgrid-hmac")
    SignatureConfiguration hmac(SecuritySettings security) {
        String secret = security.jwt().hmacSecret();
        if (secret.isEmpty()) {
            throw new DisabledBeanException("security.jwt.hmac-secret is not set");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("snapgrid-hmac");
        configuration.setSecret(secret);
        return new SecretSignature(configuration);
    }

    @Singleton
    @Named("snapgrid-jwks")
    JwksSignatureConfiguration jwks(SecuritySettings security) {
        String url = security.jwt().jwksUrl();
        if (url.isEmpty()) {
            throw new DisabledBeanException("security.jwt.jwks-url is not set");
        }
        return new KeySetUrl(url);
    }

    private record KeySetUrl(String getUrl) implements JwksSignatureConfiguration {
        @Override
        public KeyType getKeyType() {
            return null; // any key type the set holds
        }

        @SuppressWarnings("removal") // still part of the interface
        @Override
        public Integer getCacheExpiration() {
            return JWKS_CACHE_SECONDS;
        }

        @Override
        public String getName() {
            return "snapgrid-jwks";
        }
    }
}
