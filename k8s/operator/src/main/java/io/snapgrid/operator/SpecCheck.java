package io.snapgrid.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.snapgrid.node.config.InvalidConfigurationException;
import io.snapgrid.node.config.SettingsLoader;
import io.snapgrid.operator.api.Security;
import io.snapgrid.operator.api.SnapgridClusterSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a node would start with what the operator is about to render: the node's own settings loader reads the
 * rendered snapgrid.yaml with the container's SNAPGRID_* variables and flags and the Secrets' files, as the pod
 * would. Nothing is applied while it has a problem.
 */
final class SpecCheck {

    private SpecCheck() {
    }

    /** The problems, one per line as the node would log them; empty if the node would start. */
    static List<String> problems(SnapgridClusterSpec spec, String configYaml, StatefulSet rendered,
                                 ClusterSecrets secrets) {
        List<String> problems = new ArrayList<>(secrets.problems());
        boolean s3 = spec.getSnapshotStore() != null && spec.getSnapshotStore().s3() != null;
        if (s3 && spec.getSnapshotStore().volume() != null) {
            problems.add("spec.snapshotStore: set either volume or s3, not both");
        }
        if (s3 && spec.getDataVolume() == null) {
            problems.add("spec.dataVolume: required with snapshotStore.s3, where each member's commit log must"
                    + " outlive the member's pod (an emptyDir would lose acknowledged strong writes)");
        }
        Security.Jwt jwt = spec.getSecurity() == null ? null : spec.getSecurity().jwt();
        if (jwt != null && jwt.hmacSecret() == null && jwt.operatorToken() == null) {
            problems.add("spec.security.jwt.operatorToken: required without hmacSecret: the operator calls the"
                    + " members as admin, and cannot sign a token the members' JWKS would accept");
        }
        problems.addAll(nodeProblems(configYaml, rendered, secrets));
        return problems;
    }

    private static List<String> nodeProblems(String configYaml, StatefulSet rendered, ClusterSecrets secrets) {
        Container container = rendered.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("snapgrid-operator-check");
            // The Secrets' files where the node will read them, under a temporary root instead of the mount root.
            Path mounted = dir.resolve("mounted");
            secrets.writeMounted(mounted);
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar variable : container.getEnv()) {
                if (variable.getName().startsWith("SNAPGRID_") && variable.getValue() != null
                        && !variable.getName().equals("SNAPGRID_CONFIG")) {
                    env.put(variable.getName(), variable.getValue().replace(ClusterSecrets.MOUNT_ROOT,
                            mounted.toString()));
                }
            }
            Path file = Files.writeString(dir.resolve(BaseManifests.CONFIG_FILE), configYaml);
            SettingsLoader.load(List.of("--config=" + file, "--cluster.expected-size=" + expectedMembers(container)),
                    env);
            return List.of();
        } catch (InvalidConfigurationException invalid) {
            // The node names the file it read; here that is a temporary copy of the ConfigMap's.
            String temporary = dir.resolve(BaseManifests.CONFIG_FILE).toString();
            String mounted = dir.resolve("mounted").toString();
            return invalid.problems().stream().map(p -> p.replace(temporary, "snapgrid.yaml")
                    .replace(mounted, ClusterSecrets.MOUNT_ROOT)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String expectedMembers(Container container) {
        return container.getEnv().stream().filter(v -> v.getName().equals(OwnedObjects.EXPECTED_MEMBERS))
                .map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + OwnedObjects.EXPECTED_MEMBERS));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }
}
