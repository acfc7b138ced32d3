package io.snapgrid.node.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigurationProperties("cluster")
public record ClusterSettings(
        String name,
        int memberPort,
        List<String> members,
        int minSize,
        int expectedSize,
        FailureDetector failureDetector,
        KubernetesSettings kubernetes,
        ManagementCenter managementCenter,
        // Flat: Hazelcast property names contain dots, which a flag such as
        // --cluster.hazelcast-properties.hazelcast.partition.count=7 would otherwise split into sections.
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> hazelcastProperties) {

    public ClusterSettings {
        // A variable or flag gives "a:1, b:2"; the spaces are not part of an address.
        members = members.stream().map(String::trim).filter(member -> !member.isEmpty()).toList();
        hazelcastProperties = hazelcastProperties == null ? Map.of() : Map.copyOf(hazelcastProperties);
    }

    /** Majority of the expected size: leadership and control state need this many members in view. */
    public int quorum() {
        return expectedSize / 2 + 1;
    }

    @ConfigurationProperties("failure-detector")
    public record FailureDetector(Duration heartbeatInterval, Duration maxNoHeartbeat) {
    }

    @ConfigurationProperties("kubernetes")
    public record KubernetesSettings(boolean enabled, String namespace, String serviceName) {
    }

    @ConfigurationProperties("management-center")
    public record ManagementCenter(List<String> trustedInterfaces) {
    }
}
