package io.snapgrid.client;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientNetworkConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.CompactSerializationConfig;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.client.records.SnapgridRecords;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;

/**
 * A Hazelcast Java client with Snapgrid's defaults: smart routing, bounded reconnect backoff, a near cache for
 * the read-mostly {@code inventory.*} maps whose staleness the members bound, and Compact serializers for the
 * record types generated from the shipped schemas (docs/java-client.md).
 * <pre>{@code
 * HazelcastInstance client = SnapgridClient.connect(ClientSettings.members("snapgrid", "10.0.0.5:5701"));
 * IMap<String, Node> nodes = new SnapgridMaps(client).nodes();
 * }</pre>
 * Values of the schema-bound maps read as those types, not as GenericRecords, in a client built from this
 * configuration.
 */
public final class SnapgridClient {

    /** The shipped configuration, a classpath resource; the file is {@code client/snapgrid-client.yaml}. */
    public static final String SHIPPED_CONFIGURATION = "snapgrid/snapgrid-client.yaml";

    private SnapgridClient() {
    }

    /** Connects before returning (no async start); throws if no member answers within the connect timeout. */
    public static HazelcastInstance connect(ClientSettings settings) {
        return HazelcastClient.newHazelcastClient(config(settings));
    }

    /** The shipped configuration pointed at {@code settings}' cluster, for callers who adjust it before connecting. */
    public static ClientConfig config(ClientSettings settings) {
        ClientConfig config = shipped();
        CompactSerializationConfig compact = config.getSerializationConfig().getCompactSerializationConfig();
        SnapgridRecords.serializers().forEach(compact::addSerializer);
        config.setClusterName(settings.clusterName());
        ClientNetworkConfig network = config.getNetworkConfig();
        network.setAddresses(new ArrayList<>(settings.members()));
        if (settings.kubernetes() != null) {
            network.getKubernetesConfig().setEnabled(true)
                    .setProperty("namespace", settings.kubernetes().namespace())
                    .setProperty("service-name", settings.kubernetes().serviceName());
        }
        return config;
    }

    /** A fresh copy each time: a ClientConfig is mutable and belongs to the client built from it. */
    public static ClientConfig shipped() {
        try (InputStream in = SnapgridClient.class.getClassLoader().getResourceAsStream(SHIPPED_CONFIGURATION)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED_CONFIGURATION + " is not on the classpath; it ships in"
                        + " snapgrid-client");
            }
            return new YamlClientConfigBuilder(in).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED_CONFIGURATION, e);
        }
    }
}
