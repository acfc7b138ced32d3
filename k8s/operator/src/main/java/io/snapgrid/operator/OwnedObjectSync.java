package io.snapgrid.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Iterator;
import java.util.Map;

/**
 * Creates an owned object, or replaces it when a field the operator sets differs. Fields the API server or
 * another controller added (defaults, status) do not count as differences, so an unchanged spec writes nothing.
 * Plain create and update: no server-side apply.
 */
final class OwnedObjectSync {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final KubernetesClient client;

    OwnedObjectSync(KubernetesClient client) {
        this.client = client;
    }

    void apply(HasMetadata desired) {
        HasMetadata existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
        } else if (!contains(owned(existing), owned(desired))) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }

    /** What the operator sets: everything but the server's metadata and the status. */
    private static JsonNode owned(HasMetadata object) {
        ObjectNode tree = SERIALIZATION.convertValue(object, ObjectNode.class);
        tree.remove("status");
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        tree.set("metadata", metadata.retain("name", "namespace", "labels", "annotations", "ownerReferences"));
        return tree;
    }

    /** Whether every field of {@code part} is in {@code whole} with the same value (arrays element by element). */
    static boolean contains(JsonNode whole, JsonNode part) {
        if (part.isObject()) {
            if (!whole.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = part.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode there = whole.get(field.getKey());
                if (there == null ? !field.getValue().isNull() : !contains(there, field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (part.isArray()) {
            if (!whole.isArray() || whole.size() != part.size()) {
                return false;
            }
            for (int i = 0; i < part.size(); i++) {
                if (!contains(whole.get(i), part.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return part.equals(whole);
    }
}
