package io.snapgrid.node.config;

import io.snapgrid.jobs.testing.FreePorts;
import io.snapgrid.node.GridNode;
import io.snapgrid.node.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rest.tls: the PEM files a node reads at start, and each way they can be wrong, refused with key and file. */
class RestTlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aNodeToldNothingServesPlainHttp() {
        assertTrue(SettingsLoader.load(List.of(), Map.of()).restTls().isEmpty());
    }

    @Test
    void pathsInAFileResolveNextToItAndTheChainIsTheCertificates() throws IOException {
        TestCertificates.Issued issued = TestCertificates.issue(Files.createDirectories(dir.resolve("tls")), "node", "RSA");
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                rest:
                  tls:
                    certificate: tls/node.crt
                    private-key: tls/node.key
                """);
        TlsIdentity identity = SettingsLoader.load(List.of("--config=" + site), Map.of()).restTls().orElseThrow();
        assertEquals(List.of(issued.x509()), identity.chain());
        assertEquals("RSA", identity.privateKey().getAlgorithm());
    }

    @Test
    void oneFileWithoutTheOtherIsRefused() {
        TestCertificates.Issued issued = TestCertificates.issue(dir, "node", "EC");
        assertEquals(List.of("flag --rest.tls.certificate=" + issued.certificate() + ": rest.tls.certificate: is set but"
                + " rest.tls.private-key is not: HTTPS needs both the certificate chain and its private key (or neither,"
                + " for plain HTTP)"), refused("--rest.tls.certificate=" + issued.certificate()));
        assertTrue(refused("--rest.tls.private-key=" + issued.privateKey()).get(0)
                .contains(": rest.tls.private-key: is set but rest.tls.certificate is not"));
    }

    @Test
    void aMissingFileIsRefusedNamingKeyAndFile() {
        TestCertificates.Issued issued = TestCertificates.issue(dir, "node", "EC");
        Path missing = dir.resolve("missing.crt");
        List<String> problems = refused("--rest.tls.certificate=" + missing, "--rest.tls.private-key=" + issued.privateKey());
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("flag --rest.tls.certificate=" + missing + ": rest.tls.certificate:"
                + " cannot read the PEM file " + missing + ": "), problems::toString);
    }

    @Test
    void filesThatAreNotTheRightPemAreRefused() throws IOException {
        TestCertificates.Issued issued = TestCertificates.issue(dir, "node", "EC");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        List<String> problems = refused("--rest.tls.certificate=" + garbage, "--rest.tls.private-key=" + issued.certificate());
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains(": rest.tls.certificate: the file " + garbage + " is not a PEM certificate"
                + " chain"), problems::toString);
        assertEquals("flag --rest.tls.private-key=" + issued.certificate() + ": rest.tls.private-key: the file "
                + issued.certificate() + " holds a CERTIFICATE, not an unencrypted PKCS#8 PRIVATE KEY; convert it with:"
                + " openssl pkcs8 -topk8 -nocrypt -in " + issued.certificate() + " -out key.pem", problems.get(1));

        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), TestCertificates.pem("RSA PRIVATE KEY", new byte[]{1, 2}));
        assertTrue(refused(issued.nodeFlags()[0], "--rest.tls.private-key=" + pkcs1).get(0)
                .contains("holds a RSA PRIVATE KEY, not an unencrypted PKCS#8 PRIVATE KEY"));
        Path broken = Files.writeString(dir.resolve("broken.key"), TestCertificates.pem("PRIVATE KEY", new byte[]{1, 2}));
        assertTrue(refused(issued.nodeFlags()[0], "--rest.tls.private-key=" + broken).get(0)
                .endsWith("rest.tls.private-key: the file " + broken + " holds no RSA or EC private key that can be read"));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws IOException {
        TestCertificates.Issued node = TestCertificates.issue(dir, "node", "EC");
        TestCertificates.Issued other = TestCertificates.issue(dir, "other", "EC");
        TestCertificates.Issued rsa = TestCertificates.issue(dir, "rsa", "RSA");
        for (Path key : List.of(other.privateKey(), rsa.privateKey())) {
            assertEquals(List.of("flag --rest.tls.private-key=" + key + ": rest.tls.private-key: the key in " + key
                    + " does not belong to the first certificate in " + node.certificate() + " (CN=node)"),
                    refused(node.nodeFlags()[0], "--rest.tls.private-key=" + key));
        }
    }

    /** The start command itself, which exits 2 on this exception, refuses before member or server listen. */
    @Test
    void theStartCommandRefusesAWrongKey() {
        TestCertificates.Issued node = TestCertificates.issue(dir, "node", "EC");
        TestCertificates.Issued other = TestCertificates.issue(dir, "other", "EC");
        int memberPort = FreePorts.take();
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class, () -> GridNode.start(
                List.of("--cluster.name=tls-" + UUID.randomUUID(), "--cluster.member-port=" + memberPort,
                        "--cluster.members=127.0.0.1:" + memberPort, "--rest.port=" + FreePorts.take(),
                        "--data-dir=" + dir.resolve("data"), node.nodeFlags()[0],
                        "--rest.tls.private-key=" + other.privateKey())));
        assertEquals(List.of("flag --rest.tls.private-key=" + other.privateKey() + ": rest.tls.private-key: the key in "
                + other.privateKey() + " does not belong to the first certificate in " + node.certificate()
                + " (CN=node)"), refused.problems());
    }

    private static List<String> refused(String... flags) {
        return assertThrows(InvalidConfigurationException.class, () -> SettingsLoader.load(List.of(flags), Map.of()))
                .problems();
    }
}
