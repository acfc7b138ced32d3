package io.snapgrid.records;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Node and Component types of the schemas shipped in snapgrid-config. */
public final class ShippedTypes {

    public static final RecordType NODE = load("snapgrid/schemas/node.avsc");
    public static final RecordType COMPONENT = load("snapgrid/schemas/component.avsc");

    private ShippedTypes() {
    }

    private static RecordType load(String resource) {
        try (InputStream in = ShippedTypes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return RecordType.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
