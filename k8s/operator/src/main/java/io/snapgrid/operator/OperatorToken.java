package io.snapgrid.operator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.snapgrid.operator.api.Security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own admin token for a cluster's members, HS256-signed with the cluster's HMAC secret: short-lived,
 * so one that leaks from a request is soon worthless, and signed anew for each request.
 */
final class OperatorToken {

    static final String SUBJECT = "snapgrid-operator";
    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Members whose clock is a little behind still accept a token issued just now. */
    private static final Duration SKEW = Duration.ofSeconds(30);

    private OperatorToken() {
    }

    /** Empty for a secret HS256 cannot use (under 256 bits): the members refuse it too, and SpecCheck says so. */
    static Optional<String> sign(byte[] hmacSecret, Security.Jwt jwt, Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(SUBJECT)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minus(SKEW)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim(jwt.rolesClaim() == null ? "roles" : jwt.rolesClaim(), List.of("admin"));
        if (jwt.issuer() != null) {
            claims.issuer(jwt.issuer());
        }
        if (jwt.audience() != null) {
            claims.audience(jwt.audience());
        }
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            token.sign(new MACSigner(hmacSecret));
            return Optional.of(token.serialize());
        } catch (JOSEException tooShort) {
            return Optional.empty();
        }
    }
}
