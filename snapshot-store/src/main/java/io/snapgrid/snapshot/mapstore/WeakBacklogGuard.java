package io.snapgrid.snapshot.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.util.Objects;
import java.util.UUID;

/**
 * Refuses writes to a weak map on a member whose backlog of unflushed changes is full, before the entry changes:
 * the caller gets {@link WeakBacklogFullException} instead of an acknowledgement that grows what a crash would lose.
 * A member whose backlog reached the limit installs it ({@link SnapshotMapStores}); Hazelcast ships it to every
 * member, joining ones included, and injects the member (the installing member must inject it itself, as its copy
 * is never serialized). Wherever a put runs, the guard checks that member's own backlog.
 */
public final class WeakBacklogGuard extends PutInterceptor implements HazelcastInstanceAware {

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
