package io.snapgrid.node.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

public record ClusterSettings(
        String name,
        int memberPort,
        List<String> members,
        int minSize,
        int expectedSize,
        FailureDetector failureDetector,
        KubernetesSettings kubernetes,
        List<String> trustedInterfaces,
        Map<String, String> hazelcastProperties) {

    /** Majority of the expected size: leadership and control state need this many members in view. */
    public int quorum() {
        return expectedSize / 2 + 1;
    }

    public record FailureDetector(Duration heartbeatInterval, Duration maxNoHeartbeat) {
    }

    public record KubernetesSettings(boolean enabled, String namespace, String serviceName) {
    }
}
