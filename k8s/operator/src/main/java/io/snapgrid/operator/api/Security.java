package io.snapgrid.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The node's security.* and rest.tls.* settings, with their secrets in Kubernetes Secrets (docs/security.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Security(
        @JsonPropertyDescription("Bearer JWTs on every REST call but the probes (security.enabled: true).")
        Jwt jwt,
        @JsonPropertyDescription("HTTPS only on the REST port (rest.tls.*); the probes call HTTPS.")
        Tls tls) {

    /**
     * How members verify tokens, and how the operator gets one: it signs its own with the HMAC secret, or, for a
     * cluster that only trusts an OIDC provider's keys, sends the token {@code operatorToken} holds.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Jwt(
            @JsonPropertyDescription("The HS256 secret (at least 32 bytes), mounted into the pods and named by"
                    + " SNAPGRID_JWT_HMAC_SECRET_FILE. The operator signs its own short-lived admin tokens with it.")
            SecretKeyRef hmacSecret,
            @JsonPropertyDescription("An OIDC provider's JSON Web Key Set (security.jwt.jwks-url).")
            String jwksUrl,
            @JsonPropertyDescription("security.jwt.issuer: a token's iss must equal it.")
            String issuer,
            @JsonPropertyDescription("security.jwt.audience: a token's aud must contain it.")
            String audience,
            @JsonPropertyDescription("security.jwt.roles-claim (the node's default: roles).")
            String rolesClaim,
            @JsonPropertyDescription("A token with the admin role that the provider of jwksUrl issued, sent by the"
                    + " operator as is; required without hmacSecret, and renewed by whoever issued it.")
            SecretKeyRef operatorToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tls(
            @Required
            @JsonPropertyDescription("A Secret of type kubernetes.io/tls: tls.crt (the chain, server first), tls.key"
                    + " (unencrypted PKCS#8) and optionally ca.crt, which the operator trusts; without ca.crt it"
                    + " trusts tls.crt itself.")
            String secretName) {
    }
}
