package io.snapgrid.client;

/**
 * A member refused a write to a schema-bound map because the record does not match the map's schema: a required
 * field is missing, a field has another Compact kind, or the record has another type name. The message names the
 * map and the field ({@code nics[1].mac}). Members throw it and a Hazelcast Java client with this class on its
 * classpath receives it as this type (Hazelcast recreates unknown exceptions by class name); without it, a client
 * gets Hazelcast's {@code UndefinedErrorCodeException} with the same message.
 */
public class RecordShapeException extends IllegalArgumentException {

    public RecordShapeException(String message) {
        super(message);
    }

    /** The constructor Hazelcast's client uses to recreate the exception. */
    public RecordShapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
