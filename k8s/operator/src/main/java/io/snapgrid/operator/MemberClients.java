package io.snapgrid.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.Security;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How the operator calls a cluster's members, from its security spec and Secrets: an HTTP client per set of trusted
 * certificates (a client keeps its connections and threads, so it is made once), and the bearer token: its own,
 * signed from the HMAC secret, or the one operatorToken holds.
 */
final class MemberClients {

    private final KubernetesClient client;
    private final Clock clock;
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(MemberRest.TIMEOUT).build();
    private final Map<String, HttpClient> byTrust = new ConcurrentHashMap<>();

    MemberClients(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    ClusterSecrets secrets(SnapgridCluster cluster) {
        return ClusterSecrets.read(client, cluster.getMetadata().getNamespace(), cluster.getSpec().getSecurity());
    }

    MemberRest rest(SnapgridCluster cluster, ClusterSecrets secrets) {
        Security security = cluster.getSpec().getSecurity();
        HttpClient http = secrets.trustedCertificates().map(pem -> byTrust.computeIfAbsent(
                OwnedObjects.sha256(new String(pem, StandardCharsets.ISO_8859_1)),
                key -> HttpClient.newBuilder().connectTimeout(MemberRest.TIMEOUT).sslContext(CertificateTrust.of(pem))
                        .build())).orElse(plain);
        Supplier<Optional<String>> token = Optional::empty;
        if (security != null && security.jwt() != null) {
            Security.Jwt jwt = security.jwt();
            token = secrets.hmacSecret().<Supplier<Optional<String>>>map(secret ->
                    () -> OperatorToken.sign(secret, jwt, clock)).orElse(secrets::operatorToken);
        }
        return new MemberRest(http, token);
    }
}
