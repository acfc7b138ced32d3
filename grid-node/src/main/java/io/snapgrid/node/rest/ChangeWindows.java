package io.snapgrid.node.rest;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.snapshot.Durability;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This member's change windows, one per map someone has followed here, each fed by a cluster-wide entry listener
 * that stays registered while the member runs (so a subscriber that reconnects finds the changes it missed).
 * A window starts when its map is first followed on this member: nothing before that can be replayed.
 */
@Singleton
final class ChangeWindows {

    private final Map<String, ChangeWindow> windows = new ConcurrentHashMap<>();
    private final RecordBodies bodies;
    private final ChangeMetrics metrics;
    private final int capacity;

    ChangeWindows(HazelcastInstance member, RecordBodies bodies, ChangeMetrics metrics,
                  SnapgridSettings settings) {
        this.bodies = bodies;
        this.metrics = metrics;
        this.capacity = settings.rest().changeWindow();
        member.getCluster().addMembershipListener(new MemberLeft());
    }

    /**
     * The map's window, watching the map from now on if nobody watched it here yet. A map nobody has written yet is
     * created empty, as a write would create it: a listener needs the map, and the feed must not miss its first write.
     */
    ChangeWindow window(RecordMap map) {
        return windows.computeIfAbsent(map.name(), name -> {
            ChangeWindow window = new ChangeWindow(name, capacity, bodies, metrics);
            IMap<String, GenericRecord> grid = map.existing().orElseGet(map::map);
            grid.addEntryListener(new Changes(map, window), true);
            return window;
        });
    }

    /** Turns the map's entry events into the window's changes, rendered once for every stream. */
    private final class Changes implements EntryAddedListener<Object, Object>, EntryUpdatedListener<Object, Object>,
            EntryMergedListener<Object, Object>, EntryRemovedListener<Object, Object>,
            EntryExpiredListener<Object, Object>, EntryEvictedListener<Object, Object>, MapClearedListener {

        private final RecordMap map;
        private final ChangeWindow window;

        Changes(RecordMap map, ChangeWindow window) {
            this.map = map;
            this.window = window;
        }

        @Override
        public void entryAdded(EntryEvent<Object, Object> event) {
            put(event);
        }

        @Override
        public void entryUpdated(EntryEvent<Object, Object> event) {
            put(event);
        }

        @Override
        public void entryMerged(EntryEvent<Object, Object> event) {
            put(event);
        }

        @Override
        public void entryRemoved(EntryEvent<Object, Object> event) {
            remove(event, "removed");
        }

        @Override
        public void entryExpired(EntryEvent<Object, Object> event) {
            remove(event, "expired");
        }

        /** A durable map's evicted entry is still stored (and read back on demand): not a change of the map. */
        @Override
        public void entryEvicted(EntryEvent<Object, Object> event) {
            if (map.storageClass().durability() == Durability.NONE) {
                remove(event, "evicted");
            }
        }

        @Override
        public void mapCleared(MapEvent event) {
            window.append(Change.Kind.CLEAR, null, null,
                    window.data().put("entries", event.getNumberOfEntriesAffected()));
        }

        private void put(EntryEvent<Object, Object> event) {
            ObjectNode data = window.data().put("key", String.valueOf(event.getKey()));
            GenericRecord value = record(event.getValue());
            if (value == null) {
                data.put("error", "the value is not a record of the map's schema");
            } else {
                try {
                    RecordBodies.Validated rendered = bodies.render(map.type(), value);
                    data.set("value", rendered.tree());
                    data.put("revision", rendered.etag());
                } catch (RuntimeException e) {
                    data.put("error", "the value is not a record of the map's schema");
                }
            }
            window.append(Change.Kind.PUT, record(event.getOldValue()), value, data);
        }

        private void remove(EntryEvent<Object, Object> event, String cause) {
            window.append(Change.Kind.REMOVE, record(event.getOldValue()), null,
                    window.data().put("key", String.valueOf(event.getKey())).put("cause", cause));
        }

        private static GenericRecord record(Object value) {
            return value instanceof GenericRecord record ? record : null;
        }
    }

    /**
     * A member that leaves may not have sent every change it made just before: the entry events of its partitions
     * go out after the writes, so a crash can lose some. Every window says so rather than leave a silent gap.
     */
    private final class MemberLeft implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            for (ChangeWindow window : windows.values()) {
                window.append(Change.Kind.GAP, null, null, window.data().put("reason", "member-left")
                        .put("detail", "member " + event.getMember().getAddress() + " left; changes it made just"
                                + " before may be missing: read the entries again if they matter"));
            }
        }
    }
}
