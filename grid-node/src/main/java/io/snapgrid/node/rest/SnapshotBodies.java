package io.snapgrid.node.rest;

import io.snapgrid.node.durability.SnapshotSummary;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON of a snapshot, shared by the listing and by an operation's result. */
final class SnapshotBodies {

    private SnapshotBodies() {
    }

    static Map<String, Object> snapshot(SnapshotSummary summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", summary.id());
        body.put("kind", summary.kind().name().toLowerCase(Locale.ROOT));
        body.put("createdAt", summary.createdAt().toString());
        body.put("rows", summary.rows());
        body.put("bytes", summary.bytes());
        body.put("parentId", summary.parentId());
        body.put("baseId", summary.baseId());
        body.put("files", summary.files());
        return body;
    }
}
