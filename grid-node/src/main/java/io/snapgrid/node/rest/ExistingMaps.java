package io.snapgrid.node.rest;

import com.hazelcast.core.DistributedObjectEvent;
import com.hazelcast.core.DistributedObjectListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which maps exist in the grid. Hazelcast creates a map on first mention, and creating a durable map restores (or
 * refuses) it, so REST reads look maps up here and only writes create them. Names found once are remembered until
 * the map is destroyed, so a read of a known map costs no cluster-wide listing.
 */
@Singleton
final class ExistingMaps {

    private static final String MAP_SERVICE = "hz:impl:mapService";

    private final HazelcastInstance member;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    ExistingMaps(HazelcastInstance member) {
        this.member = member;
        member.addDistributedObjectListener(new Forget());
    }

    /** The map if it exists; never creates it. */
    <K, V> Optional<IMap<K, V>> find(String name) {
        if (!known.contains(name) && !listed(name)) {
            return Optional.empty();
        }
        known.add(name);
        return Optional.of(member.getMap(name));
    }

    /** The map, created if it does not exist yet: for writes. */
    <K, V> IMap<K, V> create(String name) {
        IMap<K, V> map = member.getMap(name);
        known.add(name);
        return map;
    }

    private boolean listed(String name) {
        return member.getDistributedObjects().stream()
                .anyMatch(object -> object instanceof IMap<?, ?> && object.getName().equals(name));
    }

    private final class Forget implements DistributedObjectListener {

        @Override
        public void distributedObjectCreated(DistributedObjectEvent event) {
        }

        @Override
        public void distributedObjectDestroyed(DistributedObjectEvent event) {
            if (MAP_SERVICE.equals(event.getServiceName())) {
                known.remove(String.valueOf(event.getObjectName()));
            }
        }
    }
}
