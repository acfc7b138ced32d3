package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.inventory.InventoryGenerator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The reference inventory as snapshot test data. */
public final class Inventory {

    public static final RecordType NODE = type("snapgrid/schemas/node.avsc");
    public static final RecordType COMPONENT = type("snapgrid/schemas/component.avsc");
    public static final Instant COMMIT_TIME = Instant.parse("2026-11-01T03:00:00.123Z");

    private Inventory() {
    }

    /** Generated nodes by xname, in generation order. */
    public static Map<String, GenericData.Record> nodes(int count) {
        Map<String, GenericData.Record> nodes = new LinkedHashMap<>();
        InventoryGenerator.shipped(42).generate(count, nodes::put, (serial, component) -> { });
        return nodes;
    }

    public static Map<String, GenericData.Record> components(int nodeCount) {
        Map<String, GenericData.Record> components = new LinkedHashMap<>();
        InventoryGenerator.shipped(42).generate(nodeCount, (xname, node) -> { }, components::put);
        return components;
    }

    /** Canonical JSON, which compares records whatever Avro reader made them (Utf8 or String, for one). */
    public static ObjectNode json(RecordType type, GenericRecord record) {
        return type.toJson(record);
    }

    private static RecordType type(String resource) {
        try (InputStream avsc = Inventory.class.getClassLoader().getResourceAsStream(resource)) {
            if (avsc == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return RecordType.load(avsc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
