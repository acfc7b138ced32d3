package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.snapgrid.operator.api.DataVolume;
import io.snapgrid.operator.api.SecretKeyRef;
import io.snapgrid.operator.api.Security;
import io.snapgrid.operator.api.SnapgridClusterSpec;
import io.snapgrid.operator.api.SnapshotStore;
import io.snapgrid.operator.api.StorageClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spec the node would refuse is refused: Degraded=True with reason InvalidSpec and the node's own messages, and
 * not one owned object changes. No member runs: what is checked is what the operator writes to the API server.
 * Security Secrets are checked as the pods would mount them: present, with their keys, and as the node reads them.
 */
@EnableKubernetesMockClient(crud = true)
class SpecRefusalTest {

    private static final String SHORT_SECRET = "short-jwt";
    private static final String CERTIFICATE_ONLY = "certificate-only";

    KubernetesClient client;

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("durable class without a schema", (Consumer<SnapgridClusterSpec>) spec ->
                        spec.getStorageClasses().put("orders", new StorageClass("orders", 1, null, "strong",
                                null, null, null, null, null, null, null, null)), "schema"),
                Arguments.of("unknown key in config", (Consumer<SnapgridClusterSpec>) spec ->
                        spec.setConfig(Map.of("cluster", Map.of("expected-sise", 3))), "cluster.expected-sise"),
                Arguments.of("S3 prefix not ending with /", (Consumer<SnapgridClusterSpec>) spec -> {
                    spec.setDataVolume(new DataVolume("10Gi", null));
                    spec.setSnapshotStore(new SnapshotStore(null, new SnapshotStore.S3(null, "snapgrid", "grid",
                            null, null, null, null)));
                }, "snapshots.s3.prefix"),
                Arguments.of("S3 without a data volume for the commit log", (Consumer<SnapgridClusterSpec>) spec ->
                        spec.setSnapshotStore(new SnapshotStore(null, new SnapshotStore.S3(null, "snapgrid", null,
                                null, null, null, null))), "spec.dataVolume"),
                Arguments.of("JWT Secret missing", (Consumer<SnapgridClusterSpec>) spec -> spec.setSecurity(
                        new Security(jwt(new SecretKeyRef("absent", "hmac-secret")), null)),
                        "spec.security.jwt.hmacSecret: Secret absent does not exist"),
                Arguments.of("JWT Secret without its key", (Consumer<SnapgridClusterSpec>) spec -> spec.setSecurity(
                        new Security(jwt(new SecretKeyRef(SHORT_SECRET, "hmac")), null)),
                        "spec.security.jwt.hmacSecret: Secret " + SHORT_SECRET + " has no key hmac"),
                Arguments.of("HMAC secret shorter than HS256 needs", (Consumer<SnapgridClusterSpec>) spec ->
                        spec.setSecurity(new Security(jwt(new SecretKeyRef(SHORT_SECRET, "hmac-secret")), null)),
                        "security.jwt.hmac-secret"),
                Arguments.of("TLS Secret without tls.key", (Consumer<SnapgridClusterSpec>) spec -> spec.setSecurity(
                        new Security(null, new Security.Tls(CERTIFICATE_ONLY))),
                        "spec.security.tls.secretName: Secret " + CERTIFICATE_ONLY + " has no key tls.key"),
                Arguments.of("JWKS without a token for the operator", (Consumer<SnapgridClusterSpec>) spec ->
                        spec.setSecurity(new Security(new Security.Jwt(null, "https://idp.example/certs", null, null,
                                null, null), null)), "spec.security.jwt.operatorToken"));
    }

    private static Security.Jwt jwt(SecretKeyRef hmacSecret) {
        return new Security.Jwt(hmacSecret, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void refusedWithTheNodesMessageAndNothingChanged(String what, Consumer<SnapgridClusterSpec> spoil,
                                                     String named) {
        client.resource(SecuritySecrets.secret(OperatorFixture.NAMESPACE, SHORT_SECRET, null,
                Map.of("hmac-secret", "only 20 bytes, short"))).create();
        client.resource(SecuritySecrets.secret(OperatorFixture.NAMESPACE, CERTIFICATE_ONLY, "kubernetes.io/tls",
                Map.of("tls.crt", new SecuritySecrets().certificate))).create();
        try (OperatorFixture operator = new OperatorFixture(client, pod -> Optional.empty())) {
            operator.create("grid", new SnapgridClusterSpec());
            await("the valid spec applied").until(() -> operator.conditionIs("grid", Conditions.DEGRADED, "False")
                    && operator.owned("grid").size() == 9);
            Map<String, String> before = versions(operator.owned("grid"));

            operator.edit("grid", bad -> {
                spoil.accept(bad.getSpec());
                bad.getSpec().setReplicas(5);
            });
            await("Degraded=True").until(() -> operator.conditionIs("grid", Conditions.DEGRADED, "True"));
            var degraded = operator.condition("grid", Conditions.DEGRADED).orElseThrow();
            assertEquals("InvalidSpec", degraded.getReason());
            assertTrue(degraded.getMessage().contains(named), degraded.getMessage());
            assertEquals(before, versions(operator.owned("grid")), "owned objects changed for a refused spec");

            // The same change without the problem is applied: the operator was not just idle.
            operator.edit("grid", fixed -> {
                fixed.getSpec().setStorageClasses(new java.util.LinkedHashMap<>());
                fixed.getSpec().setConfig(null);
                fixed.getSpec().setSnapshotStore(null);
                fixed.getSpec().setDataVolume(null);
                fixed.getSpec().setSecurity(null);
            });
            await("replicas 5 applied").until(() -> operator.conditionIs("grid", Conditions.DEGRADED, "False")
                    && client.apps().statefulSets().inNamespace(OperatorFixture.NAMESPACE).withName("grid").get()
                    .getSpec().getReplicas() == 5);
        }
    }

    private static Map<String, String> versions(List<HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }
}
