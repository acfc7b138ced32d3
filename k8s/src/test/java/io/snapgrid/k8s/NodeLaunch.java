package io.snapgrid.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * How the kubelet would start the node from the rendered manifests: the container's args with $(VAR) expanded, its
 * environment (downward-API fields given), and the file SNAPGRID_CONFIG names, read from the mounted ConfigMap.
 */
record NodeLaunch(List<String> args, Map<String, String> env, String configPath, String configYaml) {

    static final String CONFIG_VARIABLE = "SNAPGRID_CONFIG";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static StatefulSet statefulSet(List<HasMetadata> resources) {
        List<StatefulSet> sets = Manifests.ofKind(resources, StatefulSet.class);
        if (sets.size() != 1) {
            fail("expected one StatefulSet, found " + sets.size());
        }
        return sets.get(0);
    }

    static Container container(StatefulSet set) {
        List<Container> containers = set.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            fail("expected one container in StatefulSet " + set.getMetadata().getName() + ", found " + containers.size());
        }
        return containers.get(0);
    }

    /** The launch of the pod {@code podName} in {@code namespace}. */
    static NodeLaunch of(List<HasMetadata> resources, String namespace, String podName) {
        StatefulSet set = statefulSet(resources);
        Container container = container(set);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValueFrom() == null) {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), env);
            } else if (variable.getValueFrom().getFieldRef() != null) {
                String field = variable.getValueFrom().getFieldRef().getFieldPath();
                value = switch (field) {
                    case "metadata.namespace" -> namespace;
                    case "metadata.name" -> podName;
                    default -> throw new AssertionError(variable.getName() + ": field " + field + " not simulated");
                };
            } else {
                throw new AssertionError(variable.getName() + ": only values and fieldRefs are simulated");
            }
            env.put(variable.getName(), value);
        }
        env.putIfAbsent("HOSTNAME", podName);
        List<String> args = new ArrayList<>();
        for (String arg : container.getArgs()) {
            args.add(expand(arg, env));
        }
        String configPath = env.get(CONFIG_VARIABLE);
        assertNotNull(configPath, CONFIG_VARIABLE + " is not set: the ConfigMap's file would not be read");
        return new NodeLaunch(List.copyOf(args), Map.copyOf(env), configPath,
                mountedFile(resources, set, container, configPath));
    }

    /** The kubelet's $(VAR) expansion: a defined variable is replaced, an undefined reference is left as it is. */
    private static String expand(String value, Map<String, String> env) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String replacement = env.getOrDefault(reference.group(1), reference.group());
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(out).toString();
    }

    /** The content a ConfigMap volume puts at {@code path}, or a failure saying why nothing is there. */
    private static String mountedFile(List<HasMetadata> resources, StatefulSet set, Container container, String path) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(prefix)) {
                continue;
            }
            String relative = path.substring(prefix.length());
            Volume volume = set.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("volumeMount " + mount.getName() + " names no volume"));
            if (volume.getConfigMap() == null) {
                fail(path + " is on volume " + volume.getName() + ", which is not a ConfigMap");
            }
            String key = relative;
            if (volume.getConfigMap().getItems() != null && !volume.getConfigMap().getItems().isEmpty()) {
                key = volume.getConfigMap().getItems().stream().filter(item -> item.getPath().equals(relative))
                        .map(KeyToPath::getKey).findFirst().orElse(null);
            }
            String configMapName = volume.getConfigMap().getName();
            ConfigMap configMap = Manifests.ofKind(resources, ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().equals(configMapName)).findFirst()
                    .orElseThrow(() -> new AssertionError("volume " + volume.getName() + " names ConfigMap "
                            + configMapName + ", which the manifests do not contain"));
            String content = key == null || configMap.getData() == null ? null : configMap.getData().get(key);
            if (content == null) {
                fail("ConfigMap " + configMapName + " has no key for " + path);
            }
            return content;
        }
        throw new AssertionError(CONFIG_VARIABLE + "=" + path + " is on no mounted volume");
    }
}
