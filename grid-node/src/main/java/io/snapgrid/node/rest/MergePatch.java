package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396): a patch object names the members to change, null removes one, nested objects merge
 * recursively, and anything else (arrays included) replaces the target value whole.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** The target with the patch applied; the target itself is left unchanged. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode merged = target.isObject() ? ((ObjectNode) target).deepCopy() : ((ObjectNode) patch).objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> members = patch.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            if (member.getValue().isNull()) {
                merged.remove(member.getKey());
            } else {
                merged.set(member.getKey(), apply(merged.path(member.getKey()), member.getValue()));
            }
        }
        return merged;
    }
}
