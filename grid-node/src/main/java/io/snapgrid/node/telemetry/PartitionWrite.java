package io.snapgrid.node.telemetry;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.operation.MultipleEntryOperation;
import com.hazelcast.nio.serialization.DataSerializableFactory;

import java.util.Set;

/**
 * {@link WriteOnce} applied to the events of one partition in one operation, acknowledged like a single-key entry
 * processor: only once the owner has run it and every synchronous backup replica has applied it too.
 * <p>
 * Hazelcast's own multi-key paths do not wait for backups: {@code IMap.executeOnKeys}/{@code submitToKeys} run as
 * one PartitionIteratingOperation per member, whose sub-operations have no invocation to acknowledge to, and the
 * {@link MultipleEntryOperation} they run declares every backup asynchronous (5.7: {@code getSyncBackupCount()}
 * returns 0). This is that operation with the map's configured counts instead, invoked on its own per partition
 * ({@code OperationService.invokeOnPartition}), so the invocation's future completes only once the owner's response
 * and one ack per synchronous backup have arrived, as for {@code submitToKey}. Its own serialization identity (a
 * factory registered in every member's config) keeps a remote owner from reading it as the asynchronous original.
 */
public final class PartitionWrite extends MultipleEntryOperation {

    /** Snapgrid's DataSerializable factory; Hazelcast's own factories have negative ids. */
    static final int FACTORY_ID = 17_001;
    private static final int CLASS_ID = 1;

    /** For Hazelcast's deserialisation. */
    public PartitionWrite() {
    }

    PartitionWrite(String map, Set<Data> keys, WriteOnce events) {
        super(map, keys, events);
    }

    /** Every member must be able to read this operation, so every member's config registers it. */
    public static void registerIn(Config config) {
        DataSerializableFactory factory = classId -> classId == CLASS_ID ? new PartitionWrite() : null;
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, factory);
    }

    @Override
    public int getSyncBackupCount() {
        return mapContainer.getBackupCount();
    }

    @Override
    public int getAsyncBackupCount() {
        return mapContainer.getAsyncBackupCount();
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }
}
