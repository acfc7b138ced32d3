package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.rest.problem.ApiProblem;
import jakarta.inject.Singleton;

/**
 * Applies a merge patch to one stored record without losing a concurrent write: read, merge, validate, then
 * replace only if the entry still holds what was read, else start over from the newer value. A writer only
 * retries because another one succeeded, so the loop always makes progress.
 */
@Singleton
final class EntryPatches {

    private final RecordBodies bodies;

    EntryPatches(RecordBodies bodies) {
        this.bodies = bodies;
    }

    /** The record as written; 404 if the entry is absent, 412 if If-Match does not name its value, 400 if invalid. */
    RecordBodies.Validated apply(RecordMap target, String key, JsonNode patch, String ifMatch) {
        IMap<String, GenericRecord> map = target.existing()
                .orElseThrow(() -> EntriesController.entryNotFound(target.name(), key));
        while (true) {
            GenericRecord stored = map.get(key);
            if (stored == null) {
                throw ifMatch != null ? ApiProblem.preconditionFailed("entry '" + key + "' does not exist")
                        : EntriesController.entryNotFound(target.name(), key);
            }
            RecordBodies.Validated current = bodies.render(target.type(), stored);
            if (ifMatch != null) {
                EntityTags.requireMatch(ifMatch, current, key);
            }
            RecordBodies.Validated next = bodies.validate(target.type(), MergePatch.apply(current.tree(), patch));
            if (map.replace(key, stored, next.record())) {
                return next;
            }
        }
    }
}
