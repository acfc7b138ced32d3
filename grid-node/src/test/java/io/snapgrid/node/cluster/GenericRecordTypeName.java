package io.snapgrid.node.cluster;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;

/** The Compact type name of a record read by a client, which the public API does not expose directly. */
final class GenericRecordTypeName {

    private GenericRecordTypeName() {
    }

    static String of(GenericRecord record) {
        return ((com.hazelcast.internal.serialization.impl.compact.CompactGenericRecord) record).getSchema().getTypeName();
    }
}
