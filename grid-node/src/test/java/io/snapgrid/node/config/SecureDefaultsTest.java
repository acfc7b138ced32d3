package io.snapgrid.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the node refuses at start over REST security, and what it starts with when told nothing. */
class SecureDefaultsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aNodeToldNothingListensOnLoopbackOnlyWithSecurityOff() {
        SnapgridSettings settings = SettingsLoader.load(List.of(), Map.of());
        assertEquals("127.0.0.1", settings.rest().bindAddress());
        assertEquals("127.0.0.1", settings.cluster().bindAddress());
        assertFalse(settings.security().enabled());
        assertEquals("roles", settings.security().jwt().rolesClaim());
    }

    @Test
    void anOpenApiBeyondLoopbackIsRefusedUnlessSecuredOrWaivedOnPurpose() {
        List<String> problems = refused("--rest.bind-address=0.0.0.0");
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("flag --rest.bind-address=0.0.0.0: rest.bind-address: is 0.0.0.0, beyond"
                + " loopback, while security.enabled is false"), problems::toString);
        assertTrue(problems.get(0).contains("security.allow-unauthenticated: true"), problems::toString);

        assertEquals("0.0.0.0", SettingsLoader.load(List.of("--rest.bind-address=0.0.0.0",
                "--security.allow-unauthenticated=true"), Map.of()).rest().bindAddress());
        assertTrue(SettingsLoader.load(List.of("--rest.bind-address=0.0.0.0", "--security.enabled=true",
                "--security.jwt.hmac-secret=" + SECRET), Map.of()).security().enabled());
        assertEquals("localhost", SettingsLoader.load(List.of("--rest.bind-address=localhost"), Map.of())
                .rest().bindAddress(), "a name of loopback is loopback");
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        String shortSecret = SECRET.substring(1);
        List<String> problems = refused("--security.enabled=true", "--security.jwt.hmac-secret=" + shortSecret);
        assertEquals(List.of("flag --security.jwt.hmac-secret=(hidden): security.jwt.hmac-secret: must be at least"
                + " 256 bits (32 bytes), got 31 bytes"), problems);
    }

    @Test
    void securityOnNeedsAWayToCheckSignatures() {
        assertEquals(List.of("flag --security.enabled=true: security.enabled: is true, so security.jwt.hmac-secret"
                + " or security.jwt.jwks-url must say how tokens are signed"), refused("--security.enabled=true"));
        assertEquals(List.of("flag --security.jwt.jwks-url=keycloak/certs: security.jwt.jwks-url: must be an http://"
                + " or https:// URL, got \"keycloak/certs\""), refused("--security.enabled=true",
                "--security.jwt.jwks-url=keycloak/certs"));
    }

    @Test
    void theSecretComesFromAFileAsAKubernetesSecretMountsIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("hmac-secret"), SECRET + "\n");
        SnapgridSettings settings = SettingsLoader.load(List.of("--security.enabled=true"),
                Map.of("SNAPGRID_JWT_HMAC_SECRET_FILE", file.toString()));
        assertEquals(SECRET, settings.security().jwt().hmacSecret());

        InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class, () ->
                SettingsLoader.load(List.of(), Map.of("SNAPGRID_JWT_HMAC_SECRET_FILE", dir.resolve("none").toString())));
        assertTrue(missing.problems().get(0).startsWith("environment variable SNAPGRID_JWT_HMAC_SECRET_FILE: cannot"
                + " read the file " + dir.resolve("none")), missing.problems()::toString);
    }

    private static List<String> refused(String... flags) {
        return assertThrows(InvalidConfigurationException.class, () -> SettingsLoader.load(List.of(flags), Map.of()))
                .problems();
    }
}
