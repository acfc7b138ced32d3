package io.snapgrid.node.bench;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated inventory nodes as Compact GenericRecords, keyed by xname: the same records go into every map, so maps
 * differ only in their storage class. A smaller count is a prefix of a larger one (the generator is seeded).
 */
final class NodeRecords {

    private static final String NODE_SCHEMA = "snapgrid/schemas/node.avsc";
    private static final long SEED = 42;

    private final RecordType type;
    private final List<String> keys;
    private final List<GenericRecord> values;
    private final long avroBytes;

    private NodeRecords(RecordType type, List<String> keys, List<GenericRecord> values, long avroBytes) {
        this.type = type;
        this.keys = keys;
        this.values = values;
        this.avroBytes = avroBytes;
    }

    static NodeRecords generate(int count) {
        RecordType type = nodeType();
        List<String> keys = new ArrayList<>(count);
        List<GenericRecord> values = new ArrayList<>(count);
        long[] avroBytes = {0};
        GenericDatumWriter<GenericData.Record> writer = new GenericDatumWriter<>(type.avroSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        InventoryGenerator.shipped(SEED).generate(count, (xname, node) -> {
            keys.add(xname);
            values.add(type.toCompact(node));
            out.reset();
            try {
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                writer.write(node, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            avroBytes[0] += out.size();
        }, (serial, component) -> { });
        return new NodeRecords(type, keys, values, avroBytes[0]);
    }

    RecordType type() {
        return type;
    }

    int size() {
        return keys.size();
    }

    String key(int index) {
        return keys.get(index);
    }

    GenericRecord value(int index) {
        return values.get(index);
    }

    /** Mean size of a record as Avro binary, which is what the snapshot store and commit log hold. */
    long meanAvroBytes() {
        return size() == 0 ? 0 : avroBytes / size();
    }

    long avroBytes(int count) {
        return meanAvroBytes() * count;
    }

    /** Entries {@code from} (inclusive) to {@code to} (exclusive), in generation order. */
    Map<String, GenericRecord> slice(int from, int to) {
        Map<String, GenericRecord> entries = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            entries.put(keys.get(i), values.get(i));
        }
        return entries;
    }

    private static RecordType nodeType() {
        try (InputStream in = RecordType.class.getClassLoader().getResourceAsStream(NODE_SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(NODE_SCHEMA + " is not on the classpath; it ships in snapgrid-config");
            }
            return RecordType.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NODE_SCHEMA, e);
        }
    }
}
