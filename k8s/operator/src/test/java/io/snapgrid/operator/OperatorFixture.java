package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.snapgrid.operator.api.SnapgridCluster;
import io.snapgrid.operator.api.SnapgridClusterSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The operator running in the test's JVM against fabric8's mock API server, with the committed CRDs installed. */
final class OperatorFixture implements AutoCloseable {

    static final String NAMESPACE = "snapgrid-test";
    private static final Duration RESYNC = Duration.ofSeconds(1);

    final KubernetesClient client;
    private final Operator operator;

    OperatorFixture(KubernetesClient client, MemberAddresses addresses) {
        this.client = client;
        installCrds(client);
        this.operator = SnapgridOperator.start(client, new HttpClusterProbe(), addresses, RESYNC);
    }

    static void installCrds(KubernetesClient client) {
        try (Stream<Path> files = Files.list(CrdsTest.CRDS)) {
            for (Path file : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    client.resource(client.getKubernetesSerialization()
                            .unmarshal(in, CustomResourceDefinition.class)).create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SnapgridCluster create(String name, SnapgridClusterSpec spec) {
        SnapgridCluster cluster = new SnapgridCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace(NAMESPACE);
        cluster.setSpec(spec);
        return client.resource(cluster).create();
    }

    /** A patch: the operator writes the status meanwhile, so an update of a copy read earlier may conflict. */
    void edit(String name, java.util.function.Consumer<SnapgridCluster> change) {
        client.resources(SnapgridCluster.class).inNamespace(NAMESPACE).withName(name).edit(cluster -> {
            change.accept(cluster);
            return cluster;
        });
    }

    SnapgridCluster get(String name) {
        return client.resources(SnapgridCluster.class).inNamespace(NAMESPACE).withName(name).get();
    }

    Optional<Condition> condition(String name, String type) {
        SnapgridCluster cluster = get(name);
        return cluster == null || cluster.getStatus() == null ? Optional.empty()
                : Conditions.find(cluster.getStatus(), type);
    }

    boolean conditionIs(String name, String type, String status) {
        return condition(name, type).map(c -> c.getStatus().equals(status)).orElse(false);
    }

    /** Every object of the namespace that the cluster owns, of the kinds the operator renders. */
    List<HasMetadata> owned(String name) {
        return Stream.of(client.serviceAccounts(), client.configMaps(), client.services(), client.apps().statefulSets(),
                        client.policy().v1().podDisruptionBudget(), client.network().v1().networkPolicies(),
                        client.rbac().roles(), client.rbac().roleBindings())
                .flatMap(kind -> kind.inNamespace(NAMESPACE).withLabel(OwnedObjects.INSTANCE_LABEL, name).list()
                        .getItems().stream().map(HasMetadata.class::cast))
                .toList();
    }

    @Override
    public void close() {
        operator.stop();
    }
}
