package io.snapgrid.node.cluster;

import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MCChangeClusterStateCodec;
import com.hazelcast.client.impl.protocol.codec.MCGetClusterMetadataCodec;
import com.hazelcast.client.impl.protocol.codec.MCGetMapConfigCodec;
import com.hazelcast.client.impl.protocol.codec.MCGetTimedMemberStateCodec;
import com.hazelcast.client.impl.protocol.codec.MCReadMetricsCodec;
import com.hazelcast.client.impl.protocol.codec.MCRunConsoleCommandCodec;
import com.hazelcast.client.impl.protocol.codec.MCRunScriptCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.node.testing.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static io.snapgrid.jobs.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays Management Center: a Hazelcast client calling the MC* client-protocol operations Management Center calls,
 * against real nodes with Snapgrid's member configuration. Those codecs are internal Hazelcast API, checked against
 * {@link #CHECKED_AGAINST} only.
 */
@Tag("cluster")
class ManagementCenterTest {

    /** The one place the Hazelcast version these calls were checked against is pinned. */
    private static final String CHECKED_AGAINST = "5.7.0";

    @Test
    void theCodecsAreTheOnesCheckedAgainst() {
        assertEquals(CHECKED_AGAINST, BuildInfoProvider.getBuildInfo().getVersion(), "Hazelcast was upgraded: the MC*"
                + " codecs this test calls are internal API; check them against the new version (and Management"
                + " Center's supported versions), then change CHECKED_AGAINST");
    }

    @Test
    void managementCenterSeesEveryMemberMapAndSettingAndMayChangeTheClusterStateButRunNothing() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, "--cluster.expected-size=2")) {
            HazelcastInstance client = cluster.client();

            MCGetClusterMetadataCodec.ResponseParameters metadata = MCGetClusterMetadataCodec.decodeResponse(
                    call(client, MCGetClusterMetadataCodec.encodeRequest()));
            assertEquals(ClusterState.ACTIVE, ClusterState.getById(metadata.currentState));
            assertEquals(CHECKED_AGAINST, metadata.memberVersion);

            for (Member member : client.getCluster().getMembers()) {
                String state = MCGetTimedMemberStateCodec.decodeResponse(call(client,
                        MCGetTimedMemberStateCodec.encodeRequest(), member.getUuid()));
                assertTrue(state.contains(cluster.clusterName()), state);
                // Metrics are on: Management Center's charts come from these.
                await("metrics of " + member).until(() -> !MCReadMetricsCodec.decodeResponse(call(client,
                        MCReadMetricsCodec.encodeRequest(member.getUuid(), 0L), member.getUuid())).elements.isEmpty());
            }

            SnapgridSettings settings = cluster.bean(0, SnapgridSettings.class);
            // A durable class's prefix alone names no map a member would create (it needs a schema to be stored).
            for (StorageClass storageClass : settings.storageClasses().all().stream()
                    .filter(c -> c.namesOneMap() || c.durability() == Durability.NONE).toList()) {
                String map = storageClass.namesOneMap() ? storageClass.match() : storageClass.match() + "mc-probe";
                MCGetMapConfigCodec.ResponseParameters config = MCGetMapConfigCodec.decodeResponse(
                        call(client, MCGetMapConfigCodec.encodeRequest(map)));
                assertEquals(storageClass.backups(), config.backupCount, map);
                assertEquals(storageClass.asyncBackups(), config.asyncBackupCount, map);
                assertEquals(storageClass.ttl().toSeconds(), config.timeToLiveSeconds, map);
            }

            // Hazelcast refuses a state change while the second member's partitions still migrate, to MC as to anyone.
            await("migrations done").until(() -> cluster.member(0).getPartitionService().isClusterSafe());
            call(client, MCChangeClusterStateCodec.encodeRequest(ClusterState.FROZEN.getId()));
            assertEquals(ClusterState.FROZEN, cluster.member(0).getCluster().getClusterState());
            call(client, MCChangeClusterStateCodec.encodeRequest(ClusterState.ACTIVE.getId()));
            assertEquals(ClusterState.ACTIVE, cluster.member(1).getCluster().getClusterState());

            assertRefused(() -> call(client, MCRunConsoleCommandCodec.encodeRequest(cluster.clusterName(), "m.size")),
                    "console");
            assertRefused(() -> call(client, MCRunScriptCodec.encodeRequest("javascript", "1")), "script");
        }
    }

    @Test
    void aManagementCenterOnAnUntrustedAddressIsRefused() {
        try (TestCluster cluster = TestCluster.start(1,
                "--cluster.management-center.trusted-interfaces=10.255.255.1")) {
            HazelcastInstance client = cluster.client();
            assertRefused(() -> call(client, MCGetClusterMetadataCodec.encodeRequest()), "cluster metadata");
            assertRefused(() -> call(client, MCChangeClusterStateCodec.encodeRequest(ClusterState.FROZEN.getId())),
                    "cluster state change");
            assertEquals(ClusterState.ACTIVE, cluster.member(0).getCluster().getClusterState());
            assertFalse(client.getCluster().getMembers().isEmpty(), "an ordinary client is not refused");
        }
    }

    private static ClientMessage call(HazelcastInstance client, ClientMessage request) throws Exception {
        return call(client, request, null);
    }

    private static ClientMessage call(HazelcastInstance client, ClientMessage request, UUID member) throws Exception {
        HazelcastClientInstanceImpl impl = ((HazelcastClientProxy) client).client;
        ClientInvocation invocation = member == null ? new ClientInvocation(impl, request, null)
                : new ClientInvocation(impl, request, null, member);
        return invocation.invoke().get();
    }

    private static void assertRefused(Callable call, String what) {
        ExecutionException refused = assertThrows(ExecutionException.class, call::run, what + " was not refused");
        assertTrue(refused.getCause() instanceof SecurityException, what + ": " + refused.getCause());
    }

    @FunctionalInterface
    private interface Callable {
        void run() throws Exception;
    }
}
