package io.snapgrid.node.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

/** A Hazelcast Java client, one instance shared by all callers, configured as {@code client} is (smart routing). */
final class ClientTransport implements Transport {

    private final String name;
    private final IMap<String, GenericRecord> map;
    private final Dataset data;

    ClientTransport(String name, HazelcastInstance client, Dataset data) {
        this.name = name;
        this.map = client.getMap(Dataset.MAP);
        this.data = data;
    }

    @Override
    public String name() {
        return name;
    }

    /** PUT uses put, not set, because the REST PUT does too: it needs the old value to answer 200 or 201. */
    @Override
    public void call(Op op, int key, int caller) {
        if (op == Op.PUT) {
            map.put(data.key(key), data.compact(key));
        } else if (map.get(data.key(key)) == null) {
            throw new IllegalStateException("GET " + data.key(key) + " returned null for a preloaded key");
        }
    }
}
