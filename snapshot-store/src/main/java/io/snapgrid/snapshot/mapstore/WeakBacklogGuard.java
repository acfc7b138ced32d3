package io.snapgrid.snapshot.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.MapInterceptor;

import java.util.Objects;
import java.util.UUID;

/**
 * Refuses writes to a weak map on a member whose backlog of unflushed changes is full, before the entry changes:
 * the caller gets {@link WeakBacklogFullException} instead of an acknowledgement that grows what a crash would lose.
 * A member whose backlog reached the limit installs it ({@link SnapshotMapStores}); Hazelcast ships it to every
 * member, joining ones included, and injects the member (the installing member must inject it itself, as its copy
 * is never serialized). Wherever a put runs, the guard checks that member's own backlog.
 */
public final class WeakBacklogGuard implements MapInterceptor, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final String map;
    private final UUID installedBy;
    private transient volatile HazelcastInstance member;

    public WeakBacklogGuard(String map, UUID installedBy) {
        this.map = map;
        this.installedBy = installedBy;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Object interceptPut(Object oldValue, Object newValue) {
        HazelcastInstance local = member;
        if (local != null) {
            SnapshotMapStores.of(local).checkBacklog(map);
        }
        return null;
    }

    @Override
    public Object interceptGet(Object value) {
        return null;
    }

    @Override
    public void afterGet(Object value) {
    }

    @Override
    public void afterPut(Object value) {
    }

    @Override
    public Object interceptRemove(Object removedValue) {
        return null;
    }

    @Override
    public void afterRemove(Object oldValue) {
    }

    /** Hazelcast derives the interceptor id from the hash, so each installing member's guard has its own. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WeakBacklogGuard guard && guard.map.equals(map) && guard.installedBy.equals(installedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(WeakBacklogGuard.class.getName(), map, installedBy);
    }
}
