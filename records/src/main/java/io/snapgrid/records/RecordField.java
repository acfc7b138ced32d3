package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field of a record shape. The default is kept as plain JSON and read through {@link JsonRecordReader} on each
 * use, which hands every record its own copy of a mutable default such as {@code {}}.
 *
 * @param defaultJson the Avro default as plain JSON, or {@code null} when the field has none
 */
record RecordField(String name, Shape shape, boolean nullable, JsonNode defaultJson) {

    boolean hasDefault() {
        return defaultJson != null;
    }
}
