package io.snapgrid.node.records;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.records.RecordType;
import jakarta.inject.Singleton;

/** Puts the {@link RecordShapeInterceptor} on schema-bound maps. */
@Singleton
public final class RecordShapes {

    private final HazelcastInstance member;

    public RecordShapes(HazelcastInstance member) {
        this.member = member;
    }

    /**
     * Cluster-wide and idempotent: every member guards each map it sees created, and the registrations coincide.
     * A write racing the creation of a map that a client (not the node) creates can get in before it.
     */
    public void guard(String mapName, RecordType type) {
        member.getMap(mapName).addInterceptor(new RecordShapeInterceptor(mapName, type));
    }
}
