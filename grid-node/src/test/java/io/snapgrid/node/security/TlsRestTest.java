package io.snapgrid.node.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.snapgrid.cli.ExitCode;
import io.snapgrid.cli.SnapgridCli;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.MicronautTestNode;
import io.snapgrid.node.testing.TestCertificates;
import io.snapgrid.node.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.snapgrid.node.testing.Tokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node with rest.tls set serves HTTPS only, with the certificate of its PEM files, and still wants a token; the
 * admin CLI reaches it when told to trust that certificate.
 */
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
    void theAdminCliTrustsTheNodeThroughCaCert() {
        String url = "--url=https://127.0.0.1:" + port;
        String token = "--token=" + tokens.hmac(Roles.READER);
        StringWriter err = new StringWriter();
        assertEquals(ExitCode.OK, cli(err, "maps", url, token, "--ca-cert=" + certificate.certificate()), err::toString);

        assertEquals(ExitCode.UNAVAILABLE, cli(err, "maps", url, token), "the JDK's CAs do not know the certificate");
        assertTrue(err.toString().strip().endsWith("(trust its certificate or CA with --ca-cert FILE)"), err::toString);
    }

    private static int cli(StringWriter err, String... args) {
        err.getBuffer().setLength(0);
        CommandLine cli = SnapgridCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
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
