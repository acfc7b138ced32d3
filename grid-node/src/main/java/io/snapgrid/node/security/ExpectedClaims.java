package io.snapgrid.node.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JWTClaimsSetUtils;
import io.snapgrid.node.config.SecuritySettings;
import jakarta.inject.Singleton;

/** security.jwt.issuer and security.jwt.audience, each checked when set: a token for another service is refused. */
@Singleton
@Requires(property = "micronaut.security.enabled", value = "true")
final class ExpectedClaims<T> implements GenericJwtClaimsValidator<T> {

    private final SecuritySettings.Jwt expected;

    ExpectedClaims(SecuritySettings security) {
        this.expected = security.jwt();
    }

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        JWTClaimsSet set = JWTClaimsSetUtils.jwtClaimsSetFromClaims(claims);
        boolean issuer = expected.issuer().isEmpty() || expected.issuer().equals(set.getIssuer());
        boolean audience = expected.audience().isEmpty()
                || set.getAudience() != null && set.getAudience().contains(expected.audience());
        return issuer && audience;
    }
}
