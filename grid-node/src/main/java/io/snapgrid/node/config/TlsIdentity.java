package io.snapgrid.node.config;

import io.micronaut.context.env.PropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST server's certificate chain (leaf first) and the private key of its leaf, read from the PEM files that
 * rest.tls names. Read at start, so that a wrong file stops the node with its key and path instead of failing
 * every handshake later.
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    static final String CERTIFICATE = "rest.tls.certificate";
    static final String PRIVATE_KEY = "rest.tls.private-key";
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final byte[] PROBE = "snapgrid rest.tls key check".getBytes(StandardCharsets.US_ASCII);

    public TlsIdentity {
        chain = List.copyOf(chain);
    }

    static Optional<TlsIdentity> load(Problems problems, Collection<PropertySource> sources, RestSettings.Tls tls) {
        if (!tls.enabled()) {
            return Optional.empty();
        }
        if (tls.certificate().isEmpty() || tls.privateKey().isEmpty()) {
            String missing = tls.certificate().isEmpty() ? CERTIFICATE : PRIVATE_KEY;
            String given = tls.certificate().isEmpty() ? PRIVATE_KEY : CERTIFICATE;
            problems.add(given, "is set but " + missing + " is not: HTTPS needs both the certificate chain and"
                    + " its private key (or neither, for plain HTTP)");
            return Optional.empty();
        }
        Path certificateFile = SnapgridSources.resolve(sources, CERTIFICATE, tls.certificate());
        Path keyFile = SnapgridSources.resolve(sources, PRIVATE_KEY, tls.privateKey());
        Optional<List<X509Certificate>> chain = chain(problems, certificateFile);
        Optional<PrivateKey> key = privateKey(problems, keyFile);
        if (chain.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        if (!signs(key.get(), chain.get().get(0))) {
            problems.add(PRIVATE_KEY, "the key in " + keyFile + " does not belong to the first certificate in "
                    + certificateFile + " (" + chain.get().get(0).getSubjectX500Principal().getName() + ")");
            return Optional.empty();
        }
        return Optional.of(new TlsIdentity(key.get(), chain.get()));
    }

    private static Optional<List<X509Certificate>> chain(Problems problems, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                problems.add(CERTIFICATE, "the file " + file + " holds no PEM certificate");
                return Optional.empty();
            }
            return Optional.of(chain);
        } catch (IOException e) {
            problems.add(CERTIFICATE, "cannot read the PEM file " + file + ": " + e);
        } catch (GeneralSecurityException e) {
            problems.add(CERTIFICATE, "the file " + file + " is not a PEM certificate chain: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<PrivateKey> privateKey(Problems problems, Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            problems.add(PRIVATE_KEY, "cannot read the PEM file " + file + ": " + e);
            return Optional.empty();
        }
        Matcher block = PEM_BLOCK.matcher(pem);
        if (!block.find()) {
            problems.add(PRIVATE_KEY, "the file " + file + " holds no PEM block");
        } else if (!block.group(1).equals("PRIVATE KEY")) {
            // PKCS#1 (RSA PRIVATE KEY), SEC1 (EC PRIVATE KEY) and encrypted keys would each need a parser of their own.
            problems.add(PRIVATE_KEY, "the file " + file + " holds a " + block.group(1) + ", not an unencrypted"
                    + " PKCS#8 PRIVATE KEY; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file
                    + " -out key.pem");
        } else {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(2)));
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(spec));
                } catch (InvalidKeySpecException e) {
                    // another algorithm's key, or none
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK lacks " + algorithm + " keys", e);
                }
            }
            problems.add(PRIVATE_KEY, "the file " + file + " holds no RSA or EC private key that can be read");
        }
        return Optional.empty();
    }

    /** Whether the certificate's public key verifies what the private key signs: whether they are one pair. */
    private static boolean signs(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key with an RSA certificate
        }
    }
}
