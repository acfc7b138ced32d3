package io.snapgrid.records;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchemaSupportTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ["null", "string", "int"]                                     | Host.field: union of more than one non-null type is not supported
            ["string", "int"]                                             | Host.field: union of more than one non-null type is not supported
            "bytes"                                                       | Host.field: bytes is not supported
            {"type": "fixed", "name": "Mac", "size": 6}                   | Host.field: fixed is not supported
            {"type": "bytes", "logicalType": "decimal", "precision": 9}   | Host.field: logical type decimal is not supported
            {"type": "int", "logicalType": "date"}                        | Host.field: logical type date is not supported
            {"type": "array", "items": ["null", "string"]}                | Host.field[]: nullable array items and map values are not supported
            {"type": "array", "items": {"type": "array", "items": "int"}} | Host.field[]: arrays and maps inside arrays or maps are not supported
            {"type": "array", "items": {"type": "map", "values": "int"}}  | Host.field[]: arrays and maps inside arrays or maps are not supported
            {"type": "map", "values": ["null", "int"]}                    | Host.field{}: nullable array items and map values are not supported
            {"type": "map", "values": "bytes"}                            | Host.field{}: bytes is not supported
            """)
    void unsupportedFieldTypeIsRejectedWithItsPath(String fieldType, String message) {
        String schema = """
                {"type": "record", "name": "Host", "namespace": "snapgrid.test", "fields": [
                  {"name": "name", "type": "string"},
                  {"name": "field", "type": %s}]}""".formatted(fieldType);

        UnsupportedSchemaException error = assertThrows(UnsupportedSchemaException.class, () -> RecordType.parse(schema));

        assertEquals(message, error.getMessage());
    }

    @Test
    void pathLeadsThroughNestedRecordsAndArrays() {
        String schema = """
                {"type": "record", "name": "Node", "namespace": "snapgrid.test", "fields": [
                  {"name": "bmc", "type": ["null", {"type": "record", "name": "Bmc", "fields": [
                    {"name": "ip", "type": ["null", "string", "bytes"]}]}], "default": null},
                  {"name": "nics", "type": {"type": "array", "items": {"type": "record", "name": "Nic", "fields": [
                    {"name": "mac", "type": "string"}]}}}]}""";

        UnsupportedSchemaException error = assertThrows(UnsupportedSchemaException.class, () -> RecordType.parse(schema));

        assertEquals("Node.bmc.ip: union of more than one non-null type is not supported", error.getMessage());
    }

    @Test
    void recursiveRecordIsRejected() {
        String schema = """
                {"type": "record", "name": "Part", "namespace": "snapgrid.test", "fields": [
                  {"name": "children", "type": {"type": "array", "items": "Part"}}]}""";

        UnsupportedSchemaException error = assertThrows(UnsupportedSchemaException.class, () -> RecordType.parse(schema));

        assertEquals("Part.children[]: recursive record snapgrid.test.Part is not supported", error.getMessage());
    }

    @Test
    void rootMustBeARecord() {
        UnsupportedSchemaException error = assertThrows(UnsupportedSchemaException.class,
                () -> RecordType.parse("\"string\""));

        assertEquals("string: the schema must be a record, not string", error.getMessage());
    }

    @Test
    void sameRecordTypeMayAppearTwice() {
        RecordType type = RecordType.parse("""
                {"type": "record", "name": "Link", "namespace": "snapgrid.test", "fields": [
                  {"name": "from", "type": {"type": "record", "name": "End", "fields": [{"name": "port", "type": "int"}]}},
                  {"name": "to", "type": "End"}]}""");

        assertEquals("snapgrid.test.Link", type.typeName());
    }

    @Test
    void nodeSqlColumnsAreItsTopLevelScalars() {
        assertEquals("snapgrid.inventory.Node", ShippedTypes.NODE.typeName());
        assertEquals(List.of(
                new SqlColumn("hostname", "VARCHAR"),
                new SqlColumn("arch", "VARCHAR"),
                new SqlColumn("role", "VARCHAR"),
                new SqlColumn("subrole", "VARCHAR"),
                new SqlColumn("state", "VARCHAR"),
                new SqlColumn("flag", "VARCHAR"),
                new SqlColumn("nid", "INTEGER"),
                new SqlColumn("bootImage", "VARCHAR"),
                new SqlColumn("kernelParameters", "VARCHAR"),
                new SqlColumn("firmwareVersion", "VARCHAR"),
                new SqlColumn("allocation", "VARCHAR"),
                new SqlColumn("lastHeartbeat", "BIGINT")), ShippedTypes.NODE.sqlColumns());
    }

    @Test
    void everyScalarKindHasItsSqlType() {
        assertEquals(List.of(
                new SqlColumn("text", "VARCHAR"),
                new SqlColumn("colour", "VARCHAR"),
                new SqlColumn("count", "INTEGER"),
                new SqlColumn("total", "BIGINT"),
                new SqlColumn("ratio", "REAL"),
                new SqlColumn("value", "DOUBLE"),
                new SqlColumn("ok", "BOOLEAN"),
                new SqlColumn("at", "BIGINT")), Samples.ALL_KINDS.sqlColumns().subList(0, 8));
        assertEquals(new SqlColumn("maybeOk", "BOOLEAN"), Samples.ALL_KINDS.sqlColumns().get(14));
        assertEquals(17, Samples.ALL_KINDS.sqlColumns().size());
    }
}
