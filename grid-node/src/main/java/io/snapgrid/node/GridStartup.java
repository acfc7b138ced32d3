package io.snapgrid.node;

import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.demo.DemoInventoryLoader;
import io.snapgrid.node.durability.DurableMapLifecycle;
import io.snapgrid.node.durability.DurableMaps;
import io.snapgrid.node.health.InitialLoad;
import io.snapgrid.node.records.RecordShapes;
import io.snapgrid.node.records.SqlMappings;
import io.snapgrid.node.storage.StorageClass;
import io.snapgrid.node.storage.StorageClasses;
import io.snapgrid.records.RecordType;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Brings a freshly joined member to ready: creates the maps that storage classes name, keeps SQL mappings on every
 * schema-bound map and the record-shape interceptor on every durable one (including maps that Java clients create
 * later), then loads demo data if asked.
 */
@Context
@Requires(bean = HazelcastInstance.class) // none in a settings-only context
final class GridStartup {

    private static final Logger LOG = LoggerFactory.getLogger(GridStartup.class);
    /** Hazelcast's service name for IMaps (MapService.SERVICE_NAME, which is internal API). */
    private static final String MAP_SERVICE = "hz:impl:mapService";

    private final HazelcastInstance member;
    private final SnapgridSettings settings;
    private final SqlMappings mappings;
    private final RecordShapes shapes;
    private final InitialLoad initialLoad;
    private final DemoInventoryLoader demo;
    private final DurableMapLifecycle durableMaps;
    private final StartupFailure failure;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "snapgrid-startup");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecutorService mapSetup = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "snapgrid-map-setup");
        thread.setDaemon(true);
        return thread;
    });

    GridStartup(HazelcastInstance member, SnapgridSettings settings, SqlMappings mappings, RecordShapes shapes,
                InitialLoad initialLoad, DemoInventoryLoader demo, DurableMapLifecycle durableMaps, StartupFailure failure) {
        this.member = member;
        this.settings = settings;
        this.mappings = mappings;
        this.shapes = shapes;
        this.initialLoad = initialLoad;
        this.demo = demo;
        this.durableMaps = durableMaps;
        this.failure = failure;
    }

    @PostConstruct
    void start() {
        StorageClasses classes = settings.storageClasses();
        member.addDistributedObjectListener(new MappingOnCreate(classes));
        for (StorageClass storageClass : classes.all()) {
            // Durable maps are created by the restore below, which must wait for the cluster to form.
            if (storageClass.namesOneMap() && !DurableMaps.isDurable(storageClass)) {
                IMap<Object, Object> map = member.getMap(storageClass.match());
                storageClass.schema().ifPresent(type -> mappings.ensure(map.getName(), type));
            }
        }
        // Demo data can take a while at 250k nodes; REST comes up meanwhile and readiness says what is loading.
        background.execute(() -> {
            try {
                durableMaps.restore(initialLoad::loading);
                initialLoad.loading("demo data");
                demo.loadIfRequested();
                initialLoad.finished();
            } catch (Exception e) {
                LOG.error("Initial load failed; this node stays not-ready", e);
                initialLoad.loading("failed: " + e.getMessage());
                failure.failed("initial load", e);
            }
        });
    }

    /**
     * Guards a schema-bound map and creates its SQL mapping when any member or client first creates it. On its own
     * thread, since the restore holds the startup thread and creates maps itself.
     */
    private final class MappingOnCreate implements DistributedObjectListener {
        private final StorageClasses classes;

        MappingOnCreate(StorageClasses classes) {
            this.classes = classes;
        }

        @Override
        public void distributedObjectCreated(DistributedObjectEvent event) {
            String name = String.valueOf(event.getObjectName());
            if (!MAP_SERVICE.equals(event.getServiceName()) || name.startsWith("__")) {
                return;
            }
            classes.forMap(name).ifPresent(storageClass -> storageClass.schema()
                    .ifPresent(type -> mapSetup.execute(() -> setUp(name, storageClass, type))));
        }

        private void setUp(String name, StorageClass storageClass, RecordType type) {
            try {
                // Only durable maps: there a record's shape must survive the restart. Memory-only maps keep what
                // clients write, so the jobs still dead-letter a bad event in telemetry.events.
                if (DurableMaps.isDurable(storageClass)) {
                    shapes.guard(name, type);
                }
                mappings.ensure(name, type);
            } catch (RuntimeException e) {
                LOG.warn("Could not guard map {} or create its SQL mapping", name, e);
            }
        }

        @Override
        public void distributedObjectDestroyed(DistributedObjectEvent event) {
        }
    }
}
