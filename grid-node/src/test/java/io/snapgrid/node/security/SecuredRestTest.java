package io.snapgrid.node.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapgrid.node.testing.Tokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node with security on, called with really signed tokens: HS256 from the secret, RS256 from a served JWKS. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredRestTest extends MicronautTestNode {

    private static final String NODES = "/v1/maps/inventory.nodes/entries/";
    private final Tokens tokens = new Tokens();

    @Override
    protected List<String> flags() {
        return tokens.nodeFlags();
    }

    @AfterAll
    void stopKeySet() {
        tokens.close();
    }

    @Test
    void eachRouteClassAdmitsItsRoleAndTheOnesAbove() {
        String reader = tokens.hmac(Roles.READER);
        String writer = tokens.hmac(Roles.WRITER);
        String admin = tokens.rsa(claims -> claims, Roles.ADMIN);
        for (String token : List.of(reader, writer, admin, tokens.rsa(claims -> claims, Roles.READER))) {
            assertEquals(200, http.get("/v1/maps", bearer(token)).status());
            assertEquals(200, http.get("/v1/cluster", bearer(token)).status());
            assertEquals(200, http.post("/v1/sql",
                    "{\"sql\": \"SELECT COUNT(*) AS n FROM \\\"inventory.components\\\"\"}", bearer(token)).status());
            assertEquals(200, http.post("/v1/maps/inventory.nodes/batch/get", "{\"keys\":[\"x9\"]}", bearer(token))
                    .status());
        }
        for (String token : List.of(writer, admin)) {
            String key = NODES + "x9000c0s0b0n" + (token.equals(writer) ? 0 : 1);
            assertEquals(201, http.put(key, Records.node("nid009000", "Ready"), bearer(token)).status());
            assertEquals(204, http.delete(key, bearer(token)).status());
        }
        assertEquals(200, http.post("/v1/snapshots/verify", "", bearer(admin)).status());
        assertEquals(200, http.get("/v1/control", bearer(admin)).status());
        assertNotEquals(403, http.post("/v1/snapshots?map=inventory.nodes", "", bearer(admin)).status());
    }

    @Test
    void aRoleBelowIsForbiddenAndNothingIsWritten() {
        String reader = tokens.hmac(Roles.READER);
        String key = NODES + "x9001c0s0b0n0";
        assertForbidden(http.put(key, Records.node("nid009001", "Ready"), bearer(reader)));
        assertForbidden(http.post("/v1/maps/inventory.nodes/batch/put",
                "{\"entries\":[{\"key\":\"x9001c0s0b0n1\",\"value\":" + Records.node("nid009002", "Ready") + "}]}", bearer(reader)));
        assertEquals(404, http.get(key, bearer(reader)).status(), "the refused PUT wrote nothing");
        assertEquals(404, http.get(NODES + "x9001c0s0b0n1", bearer(reader)).status());
        assertForbidden(http.post("/v1/telemetry", "[]", bearer(reader)));

        String writer = tokens.hmac(Roles.WRITER);
        assertEquals(201, http.put(key, Records.node("nid009001", "Ready"), bearer(writer)).status());
        assertForbidden(http.delete(key, bearer(reader)));
        assertEquals(200, http.get(key, bearer(reader)).status(), "the refused DELETE removed nothing");
        assertForbidden(http.post("/v1/snapshots?map=inventory.nodes", "", bearer(writer)));
        assertForbidden(http.post("/v1/snapshots/verify", "", bearer(writer)));
        assertForbidden(http.get("/v1/control", bearer(writer)));
        assertForbidden(http.get("/v1/maps", bearer(tokens.hmac())), "a token without roles reads nothing");
    }

    @Test
    void aMissingOrInvalidTokenIsUnauthorized() {
        Instant now = Instant.now();
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("expired", tokens.hmac(Tokens.claims(Roles.ADMIN)
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build()));
        invalid.put("not yet valid", tokens.rsa(claims -> claims.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))),
                Roles.ADMIN));
        invalid.put("wrong issuer", tokens.rsa(claims -> claims.issuer("https://elsewhere.test"), Roles.ADMIN));
        invalid.put("wrong audience", tokens.hmac(Tokens.claims(Roles.ADMIN).audience("another-service").build()));
        invalid.put("wrong signature", tokens.hmacWithAnotherSecret(Roles.ADMIN));
        invalid.put("alg none", Tokens.unsigned(Roles.ADMIN));
        invalid.put("malformed", "not.a.jwt");
        invalid.put("payload changed after signing", tamper(tokens.rsa(claims -> claims,
                Roles.READER)));
        invalid.forEach((what, token) -> {
            Http.Reply reply = http.put(NODES + "x9002c0s0b0n0", Records.node("nid009003", "Ready"), bearer(token));
            assertUnauthorized(reply, what);
            assertEquals("Bearer realm=\"snapgrid\", error=\"invalid_token\"", reply.wwwAuthenticate(), what);
            assertUnauthorized(http.get("/v1/maps", bearer(token)), what);
        });
        Http.Reply none = http.get("/v1/maps");
        assertUnauthorized(none, "no token");
        assertEquals("Bearer realm=\"snapgrid\"", none.wwwAuthenticate());
        assertUnauthorized(http.get("/v1/no-such-route"), "no token, unknown route");
        assertEquals(404, http.get(NODES + "x9002c0s0b0n0", bearer(tokens.hmac(Roles.READER))).status(),
                "no refused request wrote");
    }

    @Test
    void probesPrometheusAndTheApiDocumentNeedNoToken() {
        assertEquals(200, http.get("/health/liveness").status());
        assertNotEquals(401, http.get("/health/readiness").status());
        assertEquals(200, http.get("/prometheus").status());
        assertUnauthorized(http.get("/health"), "the aggregate health shows details");
    }

    /**
     * The document declares the bearer scheme and, for each operation, the role it needs; a token with only the
     * role below is refused on every one of them, so the document says what the node enforces.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theApiDocumentDeclaresEachOperationsRoleAndThatRoleIsEnforced() {
        Http.Reply served = http.get("/openapi/snapgrid-v1.yml");
        assertEquals(200, served.status(), served::toString);
        Map<String, Object> document = new Yaml().load(served.body());
        Map<String, Object> scheme = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                document.get("components")).get("securitySchemes")).get(Roles.BEARER);
        assertEquals(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"), scheme);
        Map<String, String> below = Map.of(Roles.READER, "", Roles.WRITER, Roles.READER, Roles.ADMIN, Roles.WRITER);
        int operations = 0;
        for (var path : ((Map<String, Map<String, Object>>) document.get("paths")).entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                String what = operation.getKey().toUpperCase() + " " + path.getKey();
                List<Map<String, List<String>>> security = (List<Map<String, List<String>>>)
                        ((Map<String, Object>) operation.getValue()).get("security");
                if (path.getKey().startsWith("/openapi/")) {
                    assertEquals(null, security, what + " is open, as the document says by naming no requirement");
                    assertEquals(200, http.get(path.getKey()).status(), what + " without a token");
                    continue;
                }
                assertEquals(1, security == null ? 0 : security.size(), what + " declares one requirement");
                List<String> roles = security.get(0).get(Roles.BEARER);
                assertEquals(1, roles.size(), what + " names one role");
                assertTrue(below.containsKey(roles.get(0)), what + ": " + roles);
                String token = tokens.hmac(below.get(roles.get(0)));
                String uri = path.getKey().replaceAll("\\{[^}]+}", "x");
                Http.Reply reply = switch (operation.getKey()) {
                    case "get" -> http.get(uri, bearer(token));
                    case "put" -> http.put(uri, "{}", bearer(token));
                    case "post" -> http.post(uri, "{}", bearer(token));
                    case "patch" -> http.patch(uri, "application/merge-patch+json", "{}", bearer(token));
                    case "delete" -> http.delete(uri, bearer(token));
                    default -> throw new AssertionError("no request for " + what);
                };
                assertForbidden(reply, what + " with only " + below.get(roles.get(0)));
                operations++;
            }
        }
        assertTrue(operations >= 19, "the 19 operations of issue 15, and any added since, were tried: " + operations);
    }

    /** The payload of a validly signed token, changed after signing. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"reader\"", "\"admin\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
    }

    private static void assertUnauthorized(Http.Reply reply, String what) {
        assertEquals(401, reply.status(), what + ": " + reply);
        assertProblem(reply, "unauthorized", what);
        assertTrue(reply.wwwAuthenticate() != null && reply.wwwAuthenticate().startsWith("Bearer"), what);
    }

    private static void assertForbidden(Http.Reply reply) {
        assertForbidden(reply, "");
    }

    private static void assertForbidden(Http.Reply reply, String what) {
        assertEquals(403, reply.status(), what + ": " + reply);
        assertProblem(reply, "forbidden", what);
        assertEquals(null, reply.wwwAuthenticate(), what);
    }

    private static void assertProblem(Http.Reply reply, String type, String what) {
        assertEquals("application/problem+json", reply.contentType(), what);
        JsonNode problem = reply.json();
        assertEquals("urn:snapgrid:problem:" + type, problem.path("type").asText(), what);
        assertEquals(reply.status(), problem.path("status").asInt(), what);
        assertFalse(problem.path("detail").asText().isEmpty(), what);
    }
}
