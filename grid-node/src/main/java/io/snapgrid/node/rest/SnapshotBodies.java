package io.snapgrid.node.rest;

import io.snapgrid.node.control.SnapshotOperation;
import io.snapgrid.node.durability.SnapshotSummary;

import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON of a snapshot (in the listing and in an operation's result) and of an operation. Nulls are left out. */
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

    static Map<String, Object> operation(SnapshotOperation operation) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", operation.id());
        body.put("kind", operation.kind());
        body.put("map", operation.map());
        body.put("state", operation.state().name().toLowerCase(Locale.ROOT));
        body.put("createdAt", time(operation.createdAt()));
        body.put("requestedVia", operation.requestedVia());
        body.put("startedAt", time(operation.startedAt()));
        body.put("finishedAt", time(operation.finishedAt()));
        body.put("epoch", operation.epoch());
        body.put("attempts", operation.attempts());
        if (operation.state() != SnapshotOperation.State.PENDING) {
            body.put("progress", Map.of("rowsWritten", operation.rowsWritten(), "rowsTotal", operation.rowsTotal()));
        }
        if (operation.state() == SnapshotOperation.State.SUCCEEDED) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("summary", operation.summary());
            result.put("snapshot", operation.snapshot() == null ? null : snapshot(operation.snapshot()));
            body.put("result", result);
        }
        body.put("error", operation.error());
        return body;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
