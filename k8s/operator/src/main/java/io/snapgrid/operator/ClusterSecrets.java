package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.snapgrid.operator.api.SecretKeyRef;
import io.snapgrid.operator.api.Security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secrets a cluster's security spec names, as the operator read them: what its pods will mount, and what the
 * operator itself needs to call them (the HMAC secret to sign with, or a ready token; the certificates to trust).
 * A Secret that is missing or lacks a key is a problem, named as {@code spec.security...}.
 */
final class ClusterSecrets {

    /** Where the pods mount the Secrets; each file under it is a key of one of them. */
    static final String MOUNT_ROOT = "/var/run/secrets/snapgrid";
    static final String JWT_DIR = MOUNT_ROOT + "/jwt";
    static final String HMAC_SECRET_FILE = "hmac-secret";
    static final String TLS_DIR = MOUNT_ROOT + "/tls";
    static final String TLS_CERTIFICATE = "tls.crt";
    static final String TLS_KEY = "tls.key";
    static final String TLS_CA = "ca.crt";

    private final List<String> problems = new ArrayList<>();
    /** By the path a pod sees it at. */
    private final Map<String, byte[]> mounted = new LinkedHashMap<>();
    private byte[] operatorToken;

    private ClusterSecrets() {
    }

    static ClusterSecrets read(KubernetesClient client, String namespace, Security security) {
        ClusterSecrets secrets = new ClusterSecrets();
        if (security == null) {
            return secrets;
        }
        if (security.jwt() != null) {
            Security.Jwt jwt = security.jwt();
            if (jwt.hmacSecret() != null) {
                secrets.key(client, namespace, "spec.security.jwt.hmacSecret", jwt.hmacSecret())
                        .ifPresent(value -> secrets.mounted.put(JWT_DIR + "/" + HMAC_SECRET_FILE, value));
            }
            if (jwt.operatorToken() != null) {
                secrets.key(client, namespace, "spec.security.jwt.operatorToken", jwt.operatorToken())
                        .ifPresent(value -> secrets.operatorToken = value);
            }
        }
        if (security.tls() != null) {
            String name = security.tls().secretName();
            String where = "spec.security.tls.secretName";
            secrets.secret(client, namespace, where, name).ifPresent(secret -> {
                for (String key : List.of(TLS_CERTIFICATE, TLS_KEY)) {
                    secrets.value(where, secret, key)
                            .ifPresent(value -> secrets.mounted.put(TLS_DIR + "/" + key, value));
                }
                Optional.ofNullable(secret.getData()).map(data -> data.get(TLS_CA))
                        .ifPresent(ca -> secrets.mounted.put(TLS_DIR + "/" + TLS_CA, Base64.getDecoder().decode(ca)));
            });
        }
        return secrets;
    }

    private Optional<byte[]> key(KubernetesClient client, String namespace, String where, SecretKeyRef ref) {
        return secret(client, namespace, where, ref.name()).flatMap(secret -> value(where, secret, ref.key()));
    }

    private Optional<Secret> secret(KubernetesClient client, String namespace, String where, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            problems.add(where + ": Secret " + name + " does not exist in namespace " + namespace);
        }
        return Optional.ofNullable(secret);
    }

    private Optional<byte[]> value(String where, Secret secret, String key) {
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null) {
            problems.add(where + ": Secret " + secret.getMetadata().getName() + " has no key " + key);
            return Optional.empty();
        }
        return Optional.of(Base64.getDecoder().decode(encoded));
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    Optional<byte[]> hmacSecret() {
        return Optional.ofNullable(mounted.get(JWT_DIR + "/" + HMAC_SECRET_FILE));
    }

    Optional<String> operatorToken() {
        return Optional.ofNullable(operatorToken).map(token -> new String(token, StandardCharsets.UTF_8).strip());
    }

    /** The certificates the operator trusts when calling members: the Secret's CA, or else its chain. */
    Optional<byte[]> trustedCertificates() {
        return Optional.ofNullable(mounted.get(TLS_DIR + "/" + TLS_CA))
                .or(() -> Optional.ofNullable(mounted.get(TLS_DIR + "/" + TLS_CERTIFICATE)));
    }

    /** Each mounted file written under {@code dir} at its path below the mount root, as a pod would see it. */
    void writeMounted(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> file : mounted.entrySet()) {
            Path path = dir.resolve(file.getKey().substring(MOUNT_ROOT.length() + 1));
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }

    /** A hash of everything read: a changed Secret is checked again and trusted anew. */
    String fingerprint() {
        StringBuilder all = new StringBuilder(String.join("\n", problems));
        mounted.forEach((path, value) -> all.append('\n').append(path).append('=')
                .append(Base64.getEncoder().encodeToString(value)));
        operatorToken().ifPresent(token -> all.append("\ntoken=").append(token));
        return OwnedObjects.sha256(all.toString());
    }
}
