package io.snapgrid.node.metrics;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.nearcache.NearCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.snapgrid.node.MemberInternals;
import io.snapgrid.node.health.ClusterSafety;
import jakarta.annotation.PostConstruct;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The cluster and its maps as this member sees them, read from Hazelcast's own statistics at scrape time
 * (docs/observability.md). Map figures are this member's share ({@link LocalMapStats}): the cluster's are the sum
 * over members. Every map gets its meters when it is created anywhere in the cluster.
 */
@Context
@Requires(bean = HazelcastInstance.class) // none in a settings-only context
final class GridMetrics {

    /** Hazelcast's service name for IMaps (MapService.SERVICE_NAME, which is internal API). */
    private static final String MAP_SERVICE = "hz:impl:mapService";
    private static final double MILLIS = 1000.0;
    private static final long STATS_FRESH_NANOS = 1_000_000_000L;

    private final HazelcastInstance member;
    private final MeterRegistry registry;
    private final ClusterSafety safety;
    /** The meters of each map measured, so that a destroyed map's go (reading them would create it again). */
    private final Map<String, List<Meter>> measured = new ConcurrentHashMap<>();
    /** Each map's stats, read once for all its meters in a scrape: computing them visits every partition. */
    private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

    private record Read(LocalMapStats stats, long atNanos) {
    }

    GridMetrics(HazelcastInstance member, MeterRegistry registry, ClusterSafety safety) {
        this.member = member;
        this.registry = registry;
        this.safety = safety;
    }

    @PostConstruct
    void register() {
        InternalPartitionService partitions = MemberInternals.partitionService(member);
        Gauge.builder("snapgrid.cluster.members", member, m -> m.getCluster().getMembers().size())
                .description("Members in this member's view of the cluster").register(registry);
        Gauge.builder("snapgrid.cluster.safe", safety, GridMetrics::safe)
                .description("1 when every partition's backups are in sync and take-overs are durable, else 0")
                .register(registry);
        Gauge.builder("snapgrid.partitions.migration.queue", partitions, InternalPartitionService::getMigrationQueueSize)
                .description("Partition migrations planned and not yet done (on the master; 0 on other members)")
                .register(registry);
        Gauge.builder("snapgrid.partitions.migrating", partitions, p -> p.hasOnGoingMigrationLocal() ? 1 : 0)
                .description("1 while this member takes part in a partition migration, else 0").register(registry);
        member.addDistributedObjectListener(new MapsAsCreated());
        for (DistributedObject object : member.getDistributedObjects()) {
            if (MAP_SERVICE.equals(object.getServiceName())) {
                measure(object.getName());
            }
        }
    }

    private static double safe(ClusterSafety safety) {
        ClusterSafety.Known known = safety.last();
        return known != null && known.safe() ? 1 : 0;
    }

    private void measure(String map) {
        // Hazelcast's own maps (Jet, SQL catalogue, ...) are left out; the control and job maps start with __ too.
        if (map.startsWith("__")) {
            return;
        }
        List<Meter> meters = new CopyOnWriteArrayList<>();
        if (measured.putIfAbsent(map, meters) != null) {
            return;
        }
        mapGauge(meters, map, "snapgrid.map.entries", "Entries this member owns", LocalMapStats::getOwnedEntryCount);
        mapGauge(meters, map, "snapgrid.map.backup.entries", "Backup entries this member holds",
                LocalMapStats::getBackupEntryCount);
        mapGauge(meters, map, "snapgrid.map.memory.bytes", "Memory cost of the entries this member owns",
                LocalMapStats::getOwnedEntryMemoryCost);
        mapGauge(meters, map, "snapgrid.map.backup.memory.bytes",
                "Memory cost of the backup entries this member holds",
                LocalMapStats::getBackupEntryMemoryCost);
        operation(meters, map, "get", LocalMapStats::getGetOperationCount, LocalMapStats::getTotalGetLatency);
        operation(meters, map, "put", LocalMapStats::getPutOperationCount, LocalMapStats::getTotalPutLatency);
        operation(meters, map, "set", LocalMapStats::getSetOperationCount, LocalMapStats::getTotalSetLatency);
        operation(meters, map, "remove", LocalMapStats::getRemoveOperationCount,
                LocalMapStats::getTotalRemoveLatency);
        meters.add(FunctionCounter.builder("snapgrid.map.near.cache.hits", map, this::nearCacheHits)
                .tag("map", map).description("Near-cache hits on this member (0 where no near cache is configured)")
                .register(registry));
    }

    private void forget(String map) {
        List<Meter> meters = measured.remove(map);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
        lastRead.remove(map);
    }

    private void mapGauge(List<Meter> meters, String map, String name, String description,
                          ToDoubleFunction<LocalMapStats> value) {
        meters.add(Gauge.builder(name, map, m -> value.applyAsDouble(stats(m))).tag("map", map)
                .description(description).register(registry));
    }

    /** Hazelcast keeps operation latencies as totals in milliseconds; rate(latency)/rate(operations) is the mean. */
    private void operation(List<Meter> meters, String map, String op, ToDoubleFunction<LocalMapStats> count,
                           ToDoubleFunction<LocalMapStats> totalMillis) {
        meters.add(FunctionCounter.builder("snapgrid.map.operations", map, m -> count.applyAsDouble(stats(m)))
                .tags("map", map, "op", op).description("Map operations served by this member as owner")
                .register(registry));
        meters.add(FunctionCounter.builder("snapgrid.map.operation.latency.seconds", map,
                        m -> totalMillis.applyAsDouble(stats(m)) / MILLIS)
                .tags("map", map, "op", op).description("Total time of those operations on this member")
                .register(registry));
    }

    private LocalMapStats stats(String map) {
        long now = System.nanoTime();
        Read read = lastRead.get(map);
        if (read == null || now - read.atNanos() > STATS_FRESH_NANOS) {
            read = new Read(member.getMap(map).getLocalMapStats(), now);
            lastRead.put(map, read);
        }
        return read.stats();
    }

    private double nearCacheHits(String map) {
        NearCacheStats nearCache = stats(map).getNearCacheStats();
        return nearCache == null ? 0 : nearCache.getHits();
    }

    private final class MapsAsCreated implements DistributedObjectListener {

        @Override
        public void distributedObjectCreated(DistributedObjectEvent event) {
            if (MAP_SERVICE.equals(event.getServiceName())) {
                measure(String.valueOf(event.getObjectName()));
            }
        }

        @Override
        public void distributedObjectDestroyed(DistributedObjectEvent event) {
            if (MAP_SERVICE.equals(event.getServiceName())) {
                forget(String.valueOf(event.getObjectName()));
            }
        }
    }
}
