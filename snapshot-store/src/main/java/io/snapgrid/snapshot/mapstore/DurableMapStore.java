package io.snapgrid.snapshot.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;

/** Loading is the same for both durability classes; storing is not. One instance per map per member. */
abstract class DurableMapStore implements MapStore<Object, Object>, MapLoaderLifecycleSupport {

    protected final SnapshotMapStores stores;
    protected final DurableMap map;
    protected final StoredRows rows;
    private volatile MapRestore restore;

    DurableMapStore(SnapshotMapStores stores, DurableMap map) {
        this.stores = stores;
        this.map = map;
        this.rows = new StoredRows(map, stores.clock());
    }

    @Override
    public void init(HazelcastInstance member, Properties properties, String mapName) {
        stores.memberStarted(member);
        restore = stores.restoreOf(map);
    }

    @Override
    public void destroy() {
    }

    @Override
    public Iterable<Object> loadAllKeys() {
        return restore.keys();
    }

    @Override
    public Map<Object, Object> loadAll(Collection<Object> keys) {
        return restore.values(keys);
    }

    /** Only an evicted entry can be stored but absent from memory; any other miss is a miss, at no cost. */
    @Override
    public Object load(Object key) {
        return map.reloadsEvicted() ? restore.lookup(key) : null;
    }
}
