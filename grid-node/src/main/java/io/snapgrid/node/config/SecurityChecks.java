package io.snapgrid.node.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** What makes a node refuse to start over its REST security: a weak secret, or an open API beyond loopback. */
final class SecurityChecks {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityChecks.class);
    /** HS256 is only as strong as its key; RFC 7518 asks for a key as long as the hash. */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private SecurityChecks() {
    }

    static void check(Problems problems, RestSettings rest, SecuritySettings security) {
        SecuritySettings.Jwt jwt = security.jwt();
        int secretBytes = jwt.hmacSecret().getBytes(StandardCharsets.UTF_8).length;
        if (secretBytes > 0 && secretBytes < MIN_HMAC_SECRET_BYTES) {
            // The length only: an error message lands in logs.
            problems.add("security.jwt.hmac-secret", "must be at least 256 bits (" + MIN_HMAC_SECRET_BYTES
                    + " bytes), got " + secretBytes + " bytes");
        }
        if (!jwt.jwksUrl().isEmpty() && !jwt.jwksUrl().matches("https?://[^/\\s]+(/\\S*)?")) {
            problems.add("security.jwt.jwks-url", "must be an http:// or https:// URL, got \"" + jwt.jwksUrl() + "\"");
        }
        if (security.enabled() && jwt.hmacSecret().isEmpty() && jwt.jwksUrl().isEmpty()) {
            // Without a signature to check, Micronaut would accept unsigned tokens (alg none).
            problems.add("security.enabled", "is true, so security.jwt.hmac-secret or security.jwt.jwks-url must"
                    + " say how tokens are signed");
        }
        if (jwt.rolesClaim().isBlank()) {
            problems.add("security.jwt.roles-claim", "must name the claim that lists a token's roles");
        }
        if (rest.bindAddress().isBlank()) {
            problems.add("rest.bind-address", "must be an address (0.0.0.0 for every interface), got an empty value");
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(rest.bindAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            problems.add("rest.bind-address", "\"" + rest.bindAddress() + "\" is not an address of this host");
            return;
        }
        if (!loopback && !security.enabled()) {
            if (!security.allowUnauthenticated()) {
                problems.add("rest.bind-address", "is " + rest.bindAddress() + ", beyond loopback, while"
                        + " security.enabled is false: anyone who reaches the port could change or delete every map."
                        + " Set security.enabled: true with security.jwt.hmac-secret or security.jwt.jwks-url, or"
                        + " security.allow-unauthenticated: true if something else guards the port");
            } else {
                LOG.warn("REST API on {}:{} without authentication (security.allow-unauthenticated: true):"
                        + " whatever can reach the port may change or delete every map", rest.bindAddress(), rest.port());
            }
        }
    }
}
