package io.snapgrid.node.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.TestCertificates;
import io.snapgrid.node.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.snapgrid.node.testing.Tokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A node with rest.tls set serves HTTPS only, with the certificate of its PEM files, and still wants a token. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsRestTest extends MicronautTestNode {

    private final Tokens tokens = new Tokens();
    private final TestCertificates.Issued certificate;
    private String port;

    TlsRestTest() throws IOException {
        certificate = TestCertificates.issue(Files.createTempDirectory("snapgrid-tls"), "node", "EC");
    }

    @Override
    protected List<String> flags() {
        List<String> flags = new ArrayList<>(tokens.nodeFlags());
        flags.addAll(List.of(certificate.nodeFlags()));
        return flags;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        port = properties.get("rest.port");
        http = new Http("https://127.0.0.1:" + port, certificate.trustingIt());
        return properties;
    }

    @AfterAll
    void stopKeySet() {
        tokens.close();
    }

    @Test
    void httpsWithTheConfiguredCertificateStillNeedsAToken() {
        assertEquals(200, http.get("/health/liveness").status());
        assertEquals(200, http.get("/v1/maps", bearer(tokens.hmac(Roles.READER))).status());
        Http.Reply anonymous = http.get("/v1/maps");
        assertEquals(401, anonymous.status(), anonymous::toString);
    }

    @Test
    void plainHttpOnTheSamePortGetsNoAnswer() {
        Http plain = new Http("http://127.0.0.1:" + port);
        assertThrows(UncheckedIOException.class, () -> plain.get("/health/liveness"));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
        UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                () -> new Http("https://127.0.0.1:" + port).get("/health/liveness"));
        assertInstanceOf(SSLHandshakeException.class, refused.getCause(), refused::toString);
    }
}
