package io.snapgrid.node.demo;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;
import io.snapgrid.records.inventory.InventoryMaps;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Loads a generated reference inventory (demo.nodes nodes with their components) when the node starts.
 * Only the oldest member loads, and only into an empty map, so members joining later or restarting do not
 * load it again.
 */
@Singleton
public final class DemoInventoryLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoInventoryLoader.class);
    private static final int BATCH = 2000;

    private final HazelcastInstance member;
    private final SnapgridSettings settings;
    private final InitialLoad initialLoad;

    DemoInventoryLoader(HazelcastInstance member, SnapgridSettings settings, InitialLoad initialLoad) {
        this.member = member;
        this.settings = settings;
        this.initialLoad = initialLoad;
    }

    public void loadIfRequested() {
        int count = settings.demo().nodes();
        if (count == 0 || !member.getCluster().getMembers().iterator().next().localMember()) {
            return;
        }
        IMap<String, GenericRecord> nodes = member.getMap(InventoryMaps.NODES);
        IMap<String, GenericRecord> components = member.getMap(InventoryMaps.COMPONENTS);
        if (!nodes.isEmpty()) {
            LOG.info("Demo inventory not loaded: {} already holds {} entries", InventoryMaps.NODES, nodes.size());
            return;
        }
        RecordType nodeType = schemaOf(InventoryMaps.NODES);
        RecordType componentType = schemaOf(InventoryMaps.COMPONENTS);
        long started = System.nanoTime();
        try (Batches nodeBatches = new Batches(nodes, nodeType); Batches componentBatches = new Batches(components, componentType)) {
            new InventoryGenerator(nodeType, componentType, settings.demo().seed()).generate(count,
                    (xname, node) -> {
                        nodeBatches.add(xname, node);
                        if (nodeBatches.total % 10_000 == 0) {
                            initialLoad.loading("demo inventory: " + nodeBatches.total + " of " + count + " nodes");
                        }
                    },
                    componentBatches::add);
            LOG.info("Loaded demo inventory: {} nodes and {} components in {} ms", nodeBatches.total,
                    componentBatches.total, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private RecordType schemaOf(String map) {
        return settings.storageClasses().forMap(map).flatMap(StorageClass::schema)
                .orElseThrow(() -> new IllegalStateException("demo.nodes needs a storage class with a schema for " + map));
    }

    private static final class Batches implements AutoCloseable {
        private final IMap<String, GenericRecord> map;
        private final RecordType type;
        private final Map<String, GenericRecord> pending = new HashMap<>();
        private long total;

        Batches(IMap<String, GenericRecord> map, RecordType type) {
            this.map = map;
            this.type = type;
        }

        void add(String key, org.apache.avro.generic.GenericRecord record) {
            pending.put(key, type.toCompact(record));
            total++;
            if (pending.size() == BATCH) {
                close();
            }
        }

        @Override
        public void close() {
            if (!pending.isEmpty()) {
                map.putAll(pending);
                pending.clear();
            }
        }
    }
}
