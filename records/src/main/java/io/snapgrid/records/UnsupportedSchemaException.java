package io.snapgrid.records;

/**
 * The Avro schema uses something that has no faithful Compact or SQL form. The message starts with the path of
 * the offending position, e.g. {@code Node.bmc.ip: union of more than one non-null type is not supported}; array
 * items are written {@code nics[]} and map values {@code labels{}}.
 */
public class UnsupportedSchemaException extends IllegalArgumentException {

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
