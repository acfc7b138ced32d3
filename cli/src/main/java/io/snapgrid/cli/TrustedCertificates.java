package io.snapgrid.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * A TLS context that trusts the certificates of one PEM file (--ca-cert) instead of the JDK's CAs; public for the
 * tests that call a node over HTTPS as the CLI does.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    public static SSLContext of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "--ca-cert " + pem + ": holds no PEM certificate");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int alias = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + alias++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "--ca-cert " + pem + ": cannot read the file: " + e);
        } catch (GeneralSecurityException e) {
            throw new CliFailure(ExitCode.USAGE, "--ca-cert " + pem + ": not a PEM certificate: " + e.getMessage());
        }
    }
}
