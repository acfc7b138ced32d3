package io.snapgrid.snapshot.mapstore;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * Reads an entry of a strong map on its owner and gives it a revision there, in one step. Hazelcast queues a
 * partition-wide entry operation of a map with an offloaded MapStore behind the stores in flight in that partition,
 * so the value read is the newest applied and every later change of the key gets its revision afterwards, on this
 * member's clock: a value written again with this revision never wins over a newer one. Changes nothing, so no
 * store call and no backup.
 */
final class RevisionStamp implements EntryProcessor<Object, Object, Object[]>, HazelcastInstanceAware, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient RevisionClock clock;

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        clock = SnapshotMapStores.of(member).clock();
    }

    /** @return the revision and the value; an array, which Hazelcast serializes element by element */
    @Override
    public Object[] process(Map.Entry<Object, Object> entry) {
        return new Object[] {clock.next(), entry.getValue()};
    }

    @Override
    public EntryProcessor<Object, Object, Object[]> getBackupProcessor() {
        return null;
    }
}
