package io.snapgrid.snapshot.mapstore;

import com.hazelcast.map.MapInterceptor;

/**
 * A map interceptor that only has a say in puts: every other hook of Hazelcast's interface leaves the operation as
 * it is. Subclasses travel to every member by Java serialization, as any interceptor does.
 */
public abstract class PutInterceptor implements MapInterceptor {

    private static final long serialVersionUID = 1L;

    /**
     * Runs on the partition thread before the put is applied, with the value deserialised.
     *
     * @return the value to store instead, or null to store {@code newValue}; an exception refuses the put
     */
    @Override
    public abstract Object interceptPut(Object oldValue, Object newValue);

    @Override
    public final Object interceptGet(Object value) {
        return null;
    }

    @Override
    public final void afterGet(Object value) {
    }

    @Override
    public final void afterPut(Object value) {
    }

    @Override
    public final Object interceptRemove(Object removedValue) {
        return null;
    }

    @Override
    public final void afterRemove(Object oldValue) {
    }
}
