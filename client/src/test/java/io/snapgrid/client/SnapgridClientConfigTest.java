package io.snapgrid.client;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.client.config.RoutingMode;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the shipped client configuration promises, read back through Hazelcast's own YAML loader. */
class SnapgridClientConfigTest {

    private final ClientConfig config =
            SnapgridClient.config(ClientSettings.members("grid-a", "10.0.0.5:5701", " 10.0.0.6 "));

    @Test
    void inventoryMapsAreNearCachedWithInvalidationAndABound() {
        NearCacheConfig nearCache = config.getNearCacheConfig("inventory.nodes");
        assertEquals("inventory.*", nearCache.getName());
        assertTrue(nearCache.isInvalidateOnChange());
        assertEquals(NearCacheConfig.LocalUpdatePolicy.INVALIDATE, nearCache.getLocalUpdatePolicy());
        assertEquals(InMemoryFormat.OBJECT, nearCache.getInMemoryFormat());
        assertEquals(EvictionPolicy.LRU, nearCache.getEvictionConfig().getEvictionPolicy());
        assertEquals(MaxSizePolicy.ENTRY_COUNT, nearCache.getEvictionConfig().getMaxSizePolicy());
        assertEquals(100_000, nearCache.getEvictionConfig().getSize());
        assertEquals(0, nearCache.getTimeToLiveSeconds());
        assertEquals("inventory.*", config.getNearCacheConfig("inventory.components").getName());
    }

    @Test
    void otherMapsAreReadFromTheMembers() {
        assertNull(config.getNearCacheConfig("state.nodes"));
        assertNull(config.getNearCacheConfig("telemetry.events"));
    }

    @Test
    void lostInvalidationsAreRepairedAtTheFirstReconciliation() {
        assertEquals("30", config.getProperty("hazelcast.invalidation.reconciliation.interval.seconds"));
        assertEquals("0", config.getProperty("hazelcast.invalidation.max.tolerated.miss.count"));
    }

    @Test
    void connectsSynchronouslyRoutesSmartlyAndRetriesWithABoundedBackoff() {
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        assertFalse(strategy.isAsyncStart());
        assertEquals(ClientConnectionStrategyConfig.ReconnectMode.ON, strategy.getReconnectMode());
        ConnectionRetryConfig retry = strategy.getConnectionRetryConfig();
        assertEquals(3_000, retry.getMaxBackoffMillis());
        assertEquals(300_000, retry.getClusterConnectTimeoutMillis());
        assertEquals(RoutingMode.ALL_MEMBERS, config.getNetworkConfig().getClusterRoutingConfig().getRoutingMode());
    }

    @Test
    void settingsNameTheClusterAndItsMembers() {
        assertEquals("grid-a", config.getClusterName());
        assertEquals(List.of("10.0.0.5:5701", "10.0.0.6"), config.getNetworkConfig().getAddresses());
        assertFalse(config.getNetworkConfig().getKubernetesConfig().isEnabled());
    }

    @Test
    void kubernetesDiscoveryReplacesTheAddresses() {
        ClientConfig inPod = SnapgridClient.config(ClientSettings.kubernetes("snapgrid", "grid", "snapgrid"));
        assertTrue(inPod.getNetworkConfig().getKubernetesConfig().isEnabled());
        assertEquals("grid", inPod.getNetworkConfig().getKubernetesConfig().getProperty("namespace"));
        assertEquals("snapgrid", inPod.getNetworkConfig().getKubernetesConfig().getProperty("service-name"));
        assertEquals(List.of(), inPod.getNetworkConfig().getAddresses());
    }

    @Test
    void settingsThatCannotConnectAreRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientSettings.members(" "))
                .getMessage().contains("clusterName"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientSettings.members("snapgrid", List.of(" ")))
                .getMessage().contains("members"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ClientSettings("snapgrid", List.of("a"), new ClientSettings.Kubernetes("n", "s")))
                .getMessage().contains("both"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientSettings.kubernetes("snapgrid", "", "s"))
                .getMessage().contains("namespace"));
    }
}
