package io.snapgrid.node.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** A client application's own class for inventory components, registered as Compact under the schema's type name. */
record ComponentClass(String type, String model, String firmware, String nodeXname) {

    static final class Serializer implements CompactSerializer<ComponentClass> {
        @Override
        public ComponentClass read(CompactReader in) {
            return new ComponentClass(in.readString("type"), in.readString("model"), in.readString("firmware"),
                    in.readString("nodeXname"));
        }

        @Override
        public void write(CompactWriter out, ComponentClass component) {
            out.writeString("type", component.type());
            out.writeString("model", component.model());
            out.writeString("firmware", component.firmware());
            out.writeString("nodeXname", component.nodeXname());
        }

        @Override
        public String getTypeName() {
            return "snapgrid.inventory.Component";
        }

        @Override
        public Class<ComponentClass> getCompactClass() {
            return ComponentClass.class;
        }
    }
}
