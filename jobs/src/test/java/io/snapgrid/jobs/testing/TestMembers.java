package io.snapgrid.jobs.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.jobs.JobMaps;
import io.snapgrid.jobs.JobSerializers;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Real Hazelcast members with Jet in this JVM, on free loopback ports, with a cluster name of their own and no
 * multicast. The input maps get the event journals grid-node configures for them.
 */
public final class TestMembers implements AutoCloseable {

    private final String clusterName = "jobs-test-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<HazelcastInstance> members = new ArrayList<>();

    private TestMembers(int maxMembers) {
        for (int i = 0; i < maxMembers; i++) {
            ports.add(FreePorts.take());
        }
    }

    /** Starts {@code size} members; {@code maxMembers} ports are reserved in the join list for members added later. */
    public static TestMembers start(int size, int maxMembers) {
        TestMembers cluster = new TestMembers(maxMembers);
        List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Config config = cluster.config(i);
            starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config)));
        }
        starting.forEach(future -> cluster.members.add(future.join()));
        return cluster;
    }

    /** Starts one more member, on the next reserved port. */
    public HazelcastInstance add() {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(members.size()));
        members.add(member);
        return member;
    }

    public HazelcastInstance member(int index) {
        return members.get(index);
    }

    /** Kills a member the way a crash would: no graceful shutdown, no migration first. */
    public void crash(int index) {
        members.get(index).getLifecycleService().terminate();
    }

    private Config config(int index) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + index);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.partition.count", "23");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getJetConfig().setEnabled(true).setCooperativeThreadCount(2).setScaleUpDelayMillis(1000);
        config.getMetricsConfig().setCollectionFrequencySeconds(1);
        JobSerializers.registerIn(config.getSerializationConfig());
        config.getNetworkConfig().setPort(ports.get(index)).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true)
                .setMembers(ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.toList()));
        for (String journaled : List.of(JobMaps.TELEMETRY_EVENTS, JobMaps.INVENTORY_NODES)) {
            config.getMapConfig(journaled).setBackupCount(1).getEventJournalConfig().setEnabled(true)
                    .setCapacity(200_000);
        }
        return config;
    }

    @Override
    public void close() {
        members.forEach(member -> {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        });
    }
}
