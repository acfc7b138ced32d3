package io.snapgrid.node.config;

import java.util.List;
import java.util.Map;

public record ClusterSettings(
        String name,
        int memberPort,
        List<String> members,
        int minSize,
        KubernetesSettings kubernetes,
        List<String> trustedInterfaces,
        Map<String, String> hazelcastProperties) {

    public record KubernetesSettings(boolean enabled, String namespace, String serviceName) {
    }
}
