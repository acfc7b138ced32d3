package io.snapgrid.node.bench;

import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's keys with each record in both wire forms, derived from the same Avro record, so that REST and
 * the Java client store exactly the same value for every key and the comparison is of transports, not payloads.
 */
final class Dataset {

    static final String MAP = "inventory.nodes";
    private static final String NODE_SCHEMA = "snapgrid/schemas/node.avsc";
    private static final long SEED = 42;

    private final List<String> keys;
    private final List<byte[]> json;
    private final List<GenericRecord> compact;

    private Dataset(List<String> keys, List<byte[]> json, List<GenericRecord> compact) {
        this.keys = keys;
        this.json = json;
        this.compact = compact;
    }

    /** The first {@code size} nodes of the reference inventory: realistic sizes and a mix of optional fields. */
    static Dataset generate(int size) {
        RecordType type = nodeType();
        List<String> keys = new ArrayList<>(size);
        List<byte[]> json = new ArrayList<>(size);
        List<GenericRecord> compact = new ArrayList<>(size);
        InventoryGenerator.shipped(SEED).generate(size, (xname, node) -> {
            keys.add(xname);
            json.add(type.toJson(node).toString().getBytes(StandardCharsets.UTF_8));
            compact.add(type.toCompact(node));
        }, (serial, component) -> { });
        return new Dataset(List.copyOf(keys), List.copyOf(json), List.copyOf(compact));
    }

    int size() {
        return keys.size();
    }

    List<String> keys() {
        return keys;
    }

    String key(int index) {
        return keys.get(index);
    }

    byte[] json(int index) {
        return json.get(index);
    }

    GenericRecord compact(int index) {
        return compact.get(index);
    }

    Map<String, GenericRecord> compactByKey() {
        Map<String, GenericRecord> all = new LinkedHashMap<>();
        for (int i = 0; i < size(); i++) {
            all.put(key(i), compact(i));
        }
        return all;
    }

    long meanJsonBytes() {
        return json.stream().mapToLong(body -> body.length).sum() / size();
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
