package io.snapgrid.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.impl.compact.CompactGenericRecord;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import io.snapgrid.records.inventory.InventoryGenerator;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.snapgrid.records.Samples.json;
import static io.snapgrid.records.Samples.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Compact record here goes through a real member's IMap, so it is serialised and read back by Hazelcast. */
class CompactRecordTest {

    private static final RecordType NODE = ShippedTypes.NODE;
    private static HazelcastInstance member;
    private static IMap<String, GenericRecord> map;

    @BeforeAll
    static void startMember() {
        Config config = new Config();
        config.setClusterName("records-test-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        member = Hazelcast.newHazelcastInstance(config);
        map = member.getMap("records");
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    @Test
    void fullNodeRoundTripsThroughTheGrid() {
        ObjectNode input = json(Samples.FULL_NODE);

        GenericRecord stored = throughGrid(NODE.toCompact(NODE.fromJson(input)));
        ObjectNode output = NODE.toJson(NODE.toAvro(stored));

        assertEquals(input, output);
        assertEquals(Samples.FULL_NODE, text(output));
    }

    @Test
    void nodeFieldsHaveTheDocumentedKinds() {
        GenericRecord stored = throughGrid(NODE.toCompact(json(Samples.FULL_NODE)));

        assertEquals(FieldKind.STRING, stored.getFieldKind("hostname"));
        assertEquals(FieldKind.STRING, stored.getFieldKind("arch"));
        assertEquals("arm64", stored.getString("arch"));
        assertEquals(FieldKind.NULLABLE_INT32, stored.getFieldKind("nid"));
        assertEquals(FieldKind.NULLABLE_INT64, stored.getFieldKind("lastHeartbeat"));
        assertEquals(FieldKind.COMPACT, stored.getFieldKind("bmc"));
        assertEquals("10.0.0.22", stored.getGenericRecord("bmc").getString("ip"));
        assertEquals(FieldKind.ARRAY_OF_COMPACT, stored.getFieldKind("nics"));
        assertArrayEquals(new String[] {"10.16.0.2", "10.16.0.3"}, stored.getArrayOfGenericRecord("nics")[1].getArrayOfString("ips"));
        GenericRecord[] labels = stored.getArrayOfGenericRecord("labels");
        assertEquals(3, labels.length);
        assertEquals("gpu", labels[0].getString("key"));
        assertEquals("gh200", labels[0].getString("value"));
        assertEquals("snapgrid.inventory.Node.labels.entry",
                ((CompactGenericRecord) labels[0]).getSchema().getTypeName());
    }

    @Test
    void everySupportedKindRoundTripsThroughTheGrid() {
        RecordType type = Samples.ALL_KINDS;

        GenericRecord stored = throughGrid(type.toCompact(json(Samples.ALL_KINDS_JSON)));

        assertEquals(Samples.ALL_KINDS_JSON, text(type.toJson(stored)));
        assertEquals(FieldKind.INT32, stored.getFieldKind("count"));
        assertEquals(FieldKind.FLOAT32, stored.getFieldKind("ratio"));
        assertEquals(FieldKind.NULLABLE_BOOLEAN, stored.getFieldKind("maybeOk"));
        assertEquals(FieldKind.ARRAY_OF_STRING, stored.getFieldKind("colours"));
        assertEquals(FieldKind.ARRAY_OF_FLOAT64, stored.getFieldKind("values"));
        assertEquals(FieldKind.ARRAY_OF_INT32, stored.getFieldKind("maybeCounts"));
        assertEquals(FieldKind.COMPACT, stored.getArrayOfGenericRecord("peersByName")[0].getFieldKind("value"));
    }

    @Test
    void generatedInventoryRoundTripsThroughTheGrid() {
        Map<String, GenericData.Record> nodes = new HashMap<>();
        Map<String, GenericData.Record> components = new HashMap<>();
        InventoryGenerator.shipped(3).generate(1_000, nodes::put, components::put);

        assertEquals(nodes, throughGrid(NODE, nodes));
        assertEquals(components, throughGrid(ShippedTypes.COMPONENT, components));
    }

    @Test
    void avroDecodedFromBinaryConvertsLikeTheRecordItWasWrittenFrom() throws IOException {
        GenericData.Record original = NODE.fromJson(json(Samples.FULL_NODE));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericData.Record>(NODE.avroSchema()).write(original, encoder);
        encoder.flush();
        // Decoded strings and map keys are Utf8, not String.
        GenericData.Record decoded = new GenericDatumReader<GenericData.Record>(NODE.avroSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertEquals(Samples.FULL_NODE, text(NODE.toJson(decoded)));
        assertEquals(Samples.FULL_NODE, text(NODE.toJson(throughGrid(NODE.toCompact(decoded)))));
    }

    @Test
    void javaClientRecordWithoutOptionalFieldsReadsWithDefaults() {
        GenericRecord nic = GenericRecordBuilder.compact("snapgrid.inventory.Nic")
                .setString("name", "hsn0")
                .setString("mac", "02:00:00:00:00:07")
                .build();
        GenericRecord written = GenericRecordBuilder.compact("snapgrid.inventory.Node")
                .setString("hostname", "nid000007")
                .setString("arch", "x86_64")
                .setString("role", "Compute")
                .setString("state", "Ready")
                .setInt32("nid", 7)
                .setArrayOfGenericRecord("nics", new GenericRecord[] {nic})
                .build();

        GenericData.Record node = NODE.toAvro(throughGrid(written));

        assertEquals("OK", node.get("flag").toString());
        assertEquals(Map.of(), node.get("labels"));
        assertEquals(7, node.get("nid"));
        assertNull(node.get("bmc"));
        assertEquals("""
                {"hostname":"nid000007","arch":"x86_64","role":"Compute","subrole":null,"state":"Ready","flag":"OK",\
                "nid":7,"labels":{},"bmc":null,"nics":[{"name":"hsn0","mac":"02:00:00:00:00:07","ips":[]}],\
                "bootImage":null,"kernelParameters":null,"firmwareVersion":null,"allocation":null,\
                "lastHeartbeat":null}""", text(NODE.toJson(node)));
    }

    @Test
    void missingNullableFieldWithoutDefaultReadsAsNull() {
        GenericRecord full = Samples.ALL_KINDS.toCompact(json(Samples.ALL_KINDS_JSON));

        GenericRecord withoutNote = rebuild(full, "note", builder -> { });

        assertNull(Samples.ALL_KINDS.toAvro(throughGrid(withoutNote)).get("note"));
    }

    @Test
    void missingRequiredFieldIsRejected() {
        GenericRecord written = GenericRecordBuilder.compact("snapgrid.inventory.Node")
                .setString("arch", "x86_64")
                .build();

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.toAvro(throughGrid(written)));

        assertEquals("hostname", error.path());
        assertEquals("required field missing", error.getMessage());
    }

    @Test
    void fieldOfTheWrongKindIsRejectedNamingTheField() {
        GenericRecord written = rebuild(NODE.toCompact(json(Samples.FULL_NODE)), "nid",
                builder -> builder.setString("nid", "42"));

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.toAvro(throughGrid(written)));

        assertEquals("nid", error.path());
        assertEquals("expected Compact kind NULLABLE_INT32 or INT32, got STRING", error.getMessage());
    }

    @Test
    void nestedFieldOfTheWrongKindIsRejectedWithItsPath() {
        GenericRecord node = NODE.toCompact(json(Samples.FULL_NODE));
        GenericRecord[] nics = node.getArrayOfGenericRecord("nics");
        // Hazelcast refuses arrays whose items differ in schema, so every item carries the wrong kind.
        for (int i = 0; i < nics.length; i++) {
            nics[i] = rebuild(nics[i], "mac", builder -> builder.setInt64("mac", 2L));
        }
        GenericRecord written = rebuild(node, "nics", builder -> builder.setArrayOfGenericRecord("nics", nics));

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.toAvro(throughGrid(written)));

        assertEquals("nics[0].mac", error.path());
        assertEquals("expected Compact kind STRING, got INT64", error.getMessage());
    }

    @Test
    void unknownEnumSymbolIsRejected() {
        GenericRecord written = rebuild(NODE.toCompact(json(Samples.FULL_NODE)), "arch",
                builder -> builder.setString("arch", "sparc"));

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.toAvro(throughGrid(written)));

        assertEquals("arch", error.path());
        assertEquals("expected one of [x86_64, arm64], got \"sparc\"", error.getMessage());
    }

    @Test
    void nullInPrimitiveFieldWrittenAsNullableIsRejected() {
        GenericRecord written = rebuild(Samples.ALL_KINDS.toCompact(json(Samples.ALL_KINDS_JSON)), "count",
                builder -> builder.setNullableInt32("count", null));

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> Samples.ALL_KINDS.toAvro(throughGrid(written)));

        assertEquals("count", error.path());
        assertEquals("null is not allowed", error.getMessage());
    }

    @Test
    void recordOfAnotherTypeIsRejectedAtTheRoot() {
        GenericRecord component = ShippedTypes.COMPONENT.toCompact(json("""
                {"type": "Memory", "model": "DIMM", "firmware": null, "nodeXname": "x1000c0s0b0n0"}"""));

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.toAvro(throughGrid(component)));

        assertEquals("", error.path());
        assertEquals("expected Compact type snapgrid.inventory.Node, got snapgrid.inventory.Component", error.getMessage());
    }

    @Test
    void onlyRecordsWithEveryFieldOfTheWrittenKindAreReadableWithTheKindsGetters() {
        GenericRecord written = throughGrid(Samples.ALL_KINDS.toCompact(json(Samples.ALL_KINDS_JSON)));
        assertTrue(Samples.ALL_KINDS.hasWrittenKinds(written));
        assertTrue(NODE.hasWrittenKinds(throughGrid(NODE.toCompact(json(Samples.FULL_NODE)))));

        assertFalse(Samples.ALL_KINDS.hasWrittenKinds(rebuild(written, "note", builder -> { })), "a field missing");
        assertFalse(Samples.ALL_KINDS.hasWrittenKinds(rebuild(written, "count",
                builder -> builder.setNullableInt32("count", 3))), "the nullable variant of a primitive kind");
        assertFalse(NODE.hasWrittenKinds(written), "another type");
    }

    private static Map<String, GenericData.Record> throughGrid(RecordType type, Map<String, GenericData.Record> records) {
        Map<String, GenericRecord> compact = new HashMap<>();
        records.forEach((key, record) -> compact.put(key, type.toCompact(record)));
        IMap<String, GenericRecord> typed = member.getMap(type.typeName());
        typed.putAll(compact);
        Map<String, GenericData.Record> read = new HashMap<>();
        typed.getAll(records.keySet()).forEach((key, record) -> read.put(key, type.toAvro(record)));
        return read;
    }

    private static GenericRecord throughGrid(GenericRecord record) {
        String key = UUID.randomUUID().toString();
        map.set(key, record);
        return map.get(key);
    }

    /**
     * A copy of the record with one field replaced (or dropped), as a Java client with another idea of the
     * schema would write it: a cloning builder keeps the original kinds, so the copy starts from scratch.
     */
    private static GenericRecord rebuild(GenericRecord from, String field, Consumer<GenericRecordBuilder> replacement) {
        String typeName = ((CompactGenericRecord) from).getSchema().getTypeName();
        GenericRecordBuilder to = GenericRecordBuilder.compact(typeName);
        for (String name : from.getFieldNames()) {
            if (!name.equals(field)) {
                copy(from, to, name);
            }
        }
        replacement.accept(to);
        return to.build();
    }

    /** Builders cannot copy a field generically, so this covers the kinds the test records use. */
    private static void copy(GenericRecord from, GenericRecordBuilder to, String name) {
        switch (from.getFieldKind(name)) {
            case STRING -> to.setString(name, from.getString(name));
            case INT32 -> to.setInt32(name, from.getInt32(name));
            case INT64 -> to.setInt64(name, from.getInt64(name));
            case FLOAT32 -> to.setFloat32(name, from.getFloat32(name));
            case FLOAT64 -> to.setFloat64(name, from.getFloat64(name));
            case BOOLEAN -> to.setBoolean(name, from.getBoolean(name));
            case NULLABLE_INT32 -> to.setNullableInt32(name, from.getNullableInt32(name));
            case NULLABLE_INT64 -> to.setNullableInt64(name, from.getNullableInt64(name));
            case NULLABLE_FLOAT32 -> to.setNullableFloat32(name, from.getNullableFloat32(name));
            case NULLABLE_FLOAT64 -> to.setNullableFloat64(name, from.getNullableFloat64(name));
            case NULLABLE_BOOLEAN -> to.setNullableBoolean(name, from.getNullableBoolean(name));
            case COMPACT -> to.setGenericRecord(name, from.getGenericRecord(name));
            case ARRAY_OF_STRING -> to.setArrayOfString(name, from.getArrayOfString(name));
            case ARRAY_OF_INT32 -> to.setArrayOfInt32(name, from.getArrayOfInt32(name));
            case ARRAY_OF_INT64 -> to.setArrayOfInt64(name, from.getArrayOfInt64(name));
            case ARRAY_OF_FLOAT32 -> to.setArrayOfFloat32(name, from.getArrayOfFloat32(name));
            case ARRAY_OF_FLOAT64 -> to.setArrayOfFloat64(name, from.getArrayOfFloat64(name));
            case ARRAY_OF_BOOLEAN -> to.setArrayOfBoolean(name, from.getArrayOfBoolean(name));
            case ARRAY_OF_COMPACT -> to.setArrayOfGenericRecord(name, from.getArrayOfGenericRecord(name));
            default -> throw new IllegalArgumentException("Sample has no field of kind " + from.getFieldKind(name));
        }
    }
}
