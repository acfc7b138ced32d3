package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.snapgrid.operator.api.SecretKeyRef;
import io.snapgrid.operator.api.Security;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster's security Secrets as an administrator would create them: an HMAC secret of 48 bytes, and a
 * kubernetes.io/tls Secret with a self-signed EC certificate for 127.0.0.1 (where the simulated pods serve) made at
 * test time, its key in PKCS#8 as the node requires.
 */
final class SecuritySecrets {

    static final String JWT = "grid-jwt";
    static final String HMAC_KEY = "hmac-secret";
    static final String TLS = "grid-rest-tls";

    final String hmacSecret = UUID.randomUUID() + "-" + UUID.randomUUID().toString().substring(0, 11);
    final String certificate;
    final String privateKey;

    SecuritySecrets() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=grid");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                    .getEncoded();
            certificate = pem("CERTIFICATE", der);
            privateKey = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** Tokens signed with the HMAC secret, HTTPS with the certificate. */
    static Security spec() {
        return new Security(new Security.Jwt(new SecretKeyRef(JWT, HMAC_KEY), null, null, null, null, null),
                new Security.Tls(TLS));
    }

    void create(KubernetesClient client, String namespace) {
        client.resource(secret(namespace, JWT, null, Map.of(HMAC_KEY, hmacSecret))).create();
        Map<String, String> tls = new LinkedHashMap<>();
        tls.put("tls.crt", certificate);
        tls.put("tls.key", privateKey);
        client.resource(secret(namespace, TLS, "kubernetes.io/tls", tls)).create();
    }

    static Secret secret(String namespace, String name, String type, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) -> encoded.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withType(type).withData(encoded).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
