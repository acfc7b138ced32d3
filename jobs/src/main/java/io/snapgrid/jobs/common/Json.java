package io.snapgrid.jobs.common;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small JSON objects for dead letters, escaped properly whatever the strings hold. */
public final class Json {

    private Json() {
    }

    /** {@code {"k1":"v1",...}} from alternating names and values; a null value is written as null. */
    public static String object(String... namesAndValues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            node.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return node.toString();
    }
}
