package io.snapgrid.operator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * A TLS context that trusts a member whose chain leads to one of a cluster's own certificates (its TLS Secret's
 * ca.crt, or tls.crt itself), without matching the host name: the operator calls each member at its pod IP, which
 * certificates issued for a cluster's DNS names do not list. Trust is therefore as narrow as the CA: one per
 * cluster, or the member certificate itself (docs/operator.md, Security).
 */
final class CertificateTrust extends X509ExtendedTrustManager {

    private final X509TrustManager chain;

    private CertificateTrust(X509TrustManager chain) {
        this.chain = chain;
    }

    static SSLContext of(byte[] pem) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int alias = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                trusted.setCertificateEntry("trusted-" + alias++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            X509TrustManager chain = Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new CertificateTrust[]{new CertificateTrust(chain)}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            // SpecCheck has had the node's loader read the same PEM; a file it accepts is read here too.
            throw new IllegalStateException("cannot trust the cluster's certificates: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        throw new CertificateException("the operator authenticates no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the operator authenticates no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the operator authenticates no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
