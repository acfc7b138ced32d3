package io.snapgrid.records;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.snapgrid.records.Samples.json;
import static io.snapgrid.records.Samples.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JsonRecordTest {

    private static final RecordType NODE = ShippedTypes.NODE;

    @Test
    void fullNodeRoundTripsToIdenticalJson() {
        ObjectNode input = json(Samples.FULL_NODE);

        ObjectNode output = NODE.toJson(NODE.fromJson(input));

        assertEquals(input, output);
        assertEquals(Samples.FULL_NODE, text(output));
    }

    @Test
    void everySupportedKindRoundTrips() {
        RecordType type = Samples.ALL_KINDS;

        assertEquals(Samples.ALL_KINDS_JSON, text(type.toJson(type.fromJson(json(Samples.ALL_KINDS_JSON)))));
    }

    @Test
    void missingFieldsTakeTheirDefaults() {
        GenericData.Record node = NODE.fromJson(json("""
                {"hostname": "nid000001", "arch": "x86_64", "role": "Compute", "state": "On", "nics": []}"""));

        assertEquals("OK", node.get("flag").toString());
        assertEquals(Map.of(), node.get("labels"));
        assertNull(node.get("nid"));
        assertNull(node.get("bmc"));
        assertEquals("""
                {"hostname":"nid000001","arch":"x86_64","role":"Compute","subrole":null,"state":"On","flag":"OK",\
                "nid":null,"labels":{},"bmc":null,"nics":[],"bootImage":null,"kernelParameters":null,\
                "firmwareVersion":null,"allocation":null,"lastHeartbeat":null}""", text(NODE.toJson(node)));
    }

    @Test
    void recordDefaultsAreNotSharedBetweenRecords() {
        String minimal = """
                {"hostname": "nid000001", "arch": "x86_64", "role": "Compute", "state": "On", "nics": []}""";
        GenericData.Record first = NODE.fromJson(json(minimal));
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) first.get("labels");
        labels.put("rack", "x1000");

        assertEquals(Map.of(), NODE.fromJson(json(minimal)).get("labels"));
    }

    @Test
    void outputIsCanonicalWhateverTheInputOrder() {
        ObjectNode reordered = json(Samples.FULL_NODE);
        ObjectNode labels = (ObjectNode) reordered.remove("labels");
        ObjectNode reversedLabels = reordered.objectNode();
        reversedLabels.put("rack", labels.get("rack").textValue());
        reversedLabels.put("partition", labels.get("partition").textValue());
        reversedLabels.put("gpu", labels.get("gpu").textValue());
        ObjectNode input = reordered.objectNode();
        input.set("labels", reversedLabels);
        input.setAll(reordered);

        assertEquals(Samples.FULL_NODE, text(NODE.toJson(NODE.fromJson(input))));
    }

    @Test
    void timestampsAcceptIsoInstantsAndAreWrittenAsEpochMillis() {
        ObjectNode input = json(Samples.FULL_NODE);
        input.put("lastHeartbeat", "2026-01-01T00:00:00Z");

        GenericData.Record node = NODE.fromJson(input);

        assertEquals(1767225600000L, node.get("lastHeartbeat"));
        assertEquals(1767225600000L, NODE.toJson(node).get("lastHeartbeat").longValue());
        input.put("lastHeartbeat", "2026-01-01T01:00:00+01:00");
        assertEquals(1767225600000L, NODE.fromJson(input).get("lastHeartbeat"));
    }

    @Test
    void floatsAndDoublesAcceptAnyNumber() {
        ObjectNode input = json(Samples.ALL_KINDS_JSON);
        input.put("ratio", 2);
        input.put("value", 3);

        GenericData.Record sample = Samples.ALL_KINDS.fromJson(input);

        assertEquals(2.0f, sample.get("ratio"));
        assertEquals(3.0, sample.get("value"));
    }

    static Stream<Arguments> invalidNodes() {
        return Stream.of(
                invalid("colour", "unknown field", node -> node.put("colour", "red")),
                invalid("bmc.port", "unknown field", node -> object(node, "bmc").put("port", 623)),
                invalid("hostname", "required field missing", node -> node.remove("hostname")),
                invalid("nics[0].mac", "required field missing", node -> element(node, "nics", 0).remove("mac")),
                invalid("arch", "expected one of [x86_64, arm64], got \"sparc\"", node -> node.put("arch", "sparc")),
                invalid("state", "expected one of [Unknown, Empty, Populated, Off, On, Standby, Halt, Ready], got 3",
                        node -> node.put("state", 3)),
                invalid("nid", "expected a 32-bit integer, got 3000000000", node -> node.put("nid", 3_000_000_000L)),
                invalid("nid", "expected a 32-bit integer, got 1.5", node -> node.put("nid", 1.5)),
                invalid("nid", "expected a 32-bit integer, got \"42\"", node -> node.put("nid", "42")),
                invalid("hostname", "null is not allowed", node -> node.putNull("hostname")),
                invalid("bmc.ip", "null is not allowed", node -> object(node, "bmc").putNull("ip")),
                invalid("nics[1]", "null is not allowed", node -> ((ArrayNode) node.get("nics")).set(1, node.nullNode())),
                invalid("nics[1].mac", "expected a string, got 5", node -> element(node, "nics", 1).put("mac", 5)),
                invalid("nics[1].ips[1]", "expected a string, got true",
                        node -> ((ArrayNode) element(node, "nics", 1).get("ips")).set(1, node.booleanNode(true))),
                invalid("labels.rack", "expected a string, got 42", node -> object(node, "labels").put("rack", 42)),
                invalid("labels", "expected an object, got an array",
                        node -> node.set("labels", node.arrayNode().add("rack"))),
                invalid("nics", "expected an array, got \"eth0\"", node -> node.put("nics", "eth0")),
                invalid("bmc", "expected an object, got \"x1000c0s5b0\"", node -> node.put("bmc", "x1000c0s5b0")),
                invalid("subrole", "expected a string, got an object",
                        node -> node.set("subrole", node.objectNode().put("string", "UAN"))),
                invalid("lastHeartbeat", "expected epoch milliseconds or an ISO-8601 instant, got \"yesterday\"",
                        node -> node.put("lastHeartbeat", "yesterday")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidNodes")
    void invalidNodeIsRejectedWithItsPath(String path, String message, Consumer<ObjectNode> breakIt) {
        ObjectNode node = json(Samples.FULL_NODE);
        breakIt.accept(node);

        RecordValidationException error = assertThrows(RecordValidationException.class, () -> NODE.fromJson(node));

        assertEquals(path, error.path());
        assertEquals(message, error.getMessage());
    }

    static Stream<Arguments> invalidSamples() {
        return Stream.of(
                invalid("total", "expected a 64-bit integer, got 9223372036854775808",
                        sample -> sample.set("total", sample.numberNode(new java.math.BigInteger("9223372036854775808")))),
                invalid("ok", "expected true or false, got \"true\"", sample -> sample.put("ok", "true")),
                invalid("ok", "expected true or false, got 1", sample -> sample.put("ok", 1)),
                invalid("ratio", "expected a number, got \"1.5\"", sample -> sample.put("ratio", "1.5")),
                invalid("colours[1]", "expected one of [red, green], got \"blue\"",
                        sample -> ((ArrayNode) sample.get("colours")).set(1, sample.textNode("blue"))),
                invalid("limits.b", "expected a 64-bit integer, got 2.5", sample -> object(sample, "limits").put("b", 2.5)),
                invalid("peersByName.x.name", "required field missing",
                        sample -> object(object(sample, "peersByName"), "x").remove("name")),
                invalid("note", "required field missing", sample -> sample.remove("note")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidSamples")
    void invalidScalarIsRejectedWithItsPath(String path, String message, Consumer<ObjectNode> breakIt) {
        ObjectNode sample = json(Samples.ALL_KINDS_JSON);
        breakIt.accept(sample);

        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> Samples.ALL_KINDS.fromJson(sample));

        assertEquals(path, error.path());
        assertEquals(message, error.getMessage());
    }

    @Test
    void exceptionNamesThePathWhenLogged() {
        ObjectNode node = json(Samples.FULL_NODE);
        element(node, "nics", 1).put("mac", 5);

        RecordValidationException error = assertThrows(RecordValidationException.class, () -> NODE.fromJson(node));

        assertEquals("io.snapgrid.records.RecordValidationException: nics[1].mac: expected a string, got 5", error.toString());
    }

    @Test
    void rootMustBeAnObject() {
        RecordValidationException error = assertThrows(RecordValidationException.class,
                () -> NODE.fromJson(Samples.JSON.createArrayNode()));

        assertEquals("", error.path());
        assertEquals("expected an object, got an array", error.getMessage());
    }

    @Test
    void avroRecordOfAnotherTypeIsRejected() {
        GenericData.Record sample = Samples.ALL_KINDS.fromJson(json(Samples.ALL_KINDS_JSON));

        RecordValidationException error = assertThrows(RecordValidationException.class, () -> NODE.toJson(sample));

        assertEquals("expected an Avro record of type snapgrid.inventory.Node, got Record", error.getMessage());
    }

    private static Arguments invalid(String path, String message, Consumer<ObjectNode> breakIt) {
        return arguments(path, message, breakIt);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return (ObjectNode) parent.get(field);
    }

    private static ObjectNode element(ObjectNode parent, String field, int index) {
        return (ObjectNode) parent.get(field).get(index);
    }
}
