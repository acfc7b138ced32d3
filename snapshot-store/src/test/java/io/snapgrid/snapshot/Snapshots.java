package io.snapgrid.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** What restore would load, as comparable JSON by key. */
final class Snapshots {

    private Snapshots() {
    }

    static Map<String, ObjectNode> latest(SnapshotStorage storage, String map) throws IOException {
        return content(storage, new SnapshotVerifier(storage).verifyLatest(map).orElseThrow());
    }

    static Map<String, ObjectNode> content(SnapshotStorage storage, VerifiedChain chain) throws IOException {
        Map<String, ObjectNode> content = new TreeMap<>();
        new SnapshotReader(storage).read(chain, row -> {
            ObjectNode json = Inventory.json(Inventory.NODE, row.value());
            json.put("_revision", row.revision());
            content.put(row.key(), json);
        });
        return content;
    }
}
