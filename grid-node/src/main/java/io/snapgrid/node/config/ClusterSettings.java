package io.snapgrid.node.config;

import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
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
        // Blank: Hazelcast picks an interface and listens on all of them.
        @Nullable String bindAddress,
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
        bindAddress = bindAddress == null ? "" : bindAddress.trim();
    }

    /**
     * Split-brain protection that holds while this member has heard, recently, from a majority of the expected
     * size.
     * <p>
     * A member counts toward that majority only while its heartbeats arrive, not merely while it is in the member
     * list. After a partition, the majority side removes the members it lost a full failure-detector timeout
     * ({@code max-no-heartbeat}) after it last heard from them, and only then takes over their partitions (and, in
     * the control service, elects); the minority side, meanwhile, removes the unreachable members one at a time as
     * each one's own timeout expires, and would keep counting the last of them. Counting only members heard from
     * within half that timeout makes the minority side lose its majority before the majority side can act.
     */
    public SplitBrainProtectionConfig recentMajority(String name, SplitBrainProtectionOn on) {
        int heartbeatToleranceMillis = (int) failureDetector.maxNoHeartbeat().dividedBy(2).toMillis();
        return SplitBrainProtectionConfig
                .newRecentlyActiveSplitBrainProtectionConfigBuilder(name, quorum(), heartbeatToleranceMillis).build()
                .setProtectOn(on);
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
