package io.snapgrid.node.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Really signed JWTs for a node's security.jwt settings: HS256 with a secret, and RS256 with a key whose public
 * half a real JWKS endpoint on loopback serves, as an OIDC provider would.
 */
public final class Tokens implements AutoCloseable {

    public static final String ISSUER = "https://issuer.snapgrid.test";
    public static final String AUDIENCE = "snapgrid";
    /** 48 bytes, above the 32 that HS256 needs. */
    public final String hmacSecret = UUID.randomUUID() + "-" + UUID.randomUUID().toString().substring(0, 11);
    private final RSAKey rsaKey;
    private final HttpServer jwks;

    public Tokens() {
        try {
            rsaKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
            jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] keySet = new JWKSet(rsaKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(keySet);
            }
        });
        jwks.start();
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    }

    /** The node flags that make it check these tokens. */
    public List<String> nodeFlags() {
        return List.of("--security.enabled=true", "--security.jwt.hmac-secret=" + hmacSecret,
                "--security.jwt.jwks-url=" + jwksUrl(), "--security.jwt.issuer=" + ISSUER,
                "--security.jwt.audience=" + AUDIENCE);
    }

    /** Valid for an hour from a minute ago, for this node's issuer and audience. */
    public static JWTClaimsSet.Builder claims(String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("test-user").issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(1))))
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).claim("roles", List.of(roles));
    }

    public String hmac(String... roles) {
        return hmac(claims(roles).build());
    }

    public String hmac(JWTClaimsSet claims) {
        return sign(mac(hmacSecret), JWSAlgorithm.HS256, claims, null);
    }

    /** Signed with another secret of the same length: a forged token. */
    public String hmacWithAnotherSecret(String... roles) {
        return sign(mac(new StringBuilder(hmacSecret).reverse().toString()), JWSAlgorithm.HS256, claims(roles).build(),
                null);
    }

    public String rsa(UnaryOperator<JWTClaimsSet.Builder> claims, String... roles) {
        try {
            return sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, claims.apply(claims(roles)).build(),
                    rsaKey.getKeyID());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"alg":"none"}: claims anyone can write. */
    public static String unsigned(String... roles) {
        return new PlainJWT(claims(roles).build()).serialize();
    }

    private static JWSSigner mac(String secret) {
        try {
            return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims, String keyId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String[] bearer(String token) {
        return new String[]{"Authorization", "Bearer " + token};
    }

    @Override
    public void close() {
        jwks.stop(0);
    }
}
