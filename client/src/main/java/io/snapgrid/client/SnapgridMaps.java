package io.snapgrid.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.snapgrid.client.records.Component;
import io.snapgrid.client.records.DeadLetter;
import io.snapgrid.client.records.Event;
import io.snapgrid.client.records.Node;
import io.snapgrid.client.records.NodeHealth;
import io.snapgrid.client.records.RackStates;

/**
 * Typed access to the maps the shipped storage classes bind to a schema, for a client from
 * {@link SnapgridClient#connect}. Keys are the REST keys (an xname, a serial number, an event id, ...).
 */
public final class SnapgridMaps {

    public static final String NODES = "inventory.nodes";
    public static final String COMPONENTS = "inventory.components";
    public static final String EVENTS = "telemetry.events";
    public static final String NODE_HEALTH = "telemetry.node-health";
    public static final String DEAD_LETTER = "telemetry.dead-letter";
    public static final String RACK_STATES = "stats.rack-states";

    private final HazelcastInstance client;

    public SnapgridMaps(HazelcastInstance client) {
        this.client = client;
    }

    public IMap<String, Node> nodes() {
        return client.getMap(NODES);
    }

    public IMap<String, Component> components() {
        return client.getMap(COMPONENTS);
    }

    /** Telemetry events by id; ingest (REST) is the usual writer, since it also dedupes and stamps receivedAt. */
    public IMap<String, Event> events() {
        return client.getMap(EVENTS);
    }

    /** The node-health job's latest window per xname. */
    public IMap<String, NodeHealth> nodeHealth() {
        return client.getMap(NODE_HEALTH);
    }

    public IMap<String, DeadLetter> deadLetters() {
        return client.getMap(DEAD_LETTER);
    }

    /** The rack-states job's windows, keyed rack@windowEnd. */
    public IMap<String, RackStates> rackStates() {
        return client.getMap(RACK_STATES);
    }
}
