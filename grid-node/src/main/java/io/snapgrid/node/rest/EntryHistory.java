package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import io.snapgrid.node.durability.CommitLogTails;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.snapshot.Durability;
import io.snapgrid.snapshot.SnapshotRow;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.history.AsOfPage;
import io.snapgrid.snapshot.history.HistoryNotRetainedException;
import io.snapgrid.snapshot.history.HistoryVersion;
import io.snapgrid.snapshot.history.SnapshotHistory;
import jakarta.inject.Singleton;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * History as the REST API answers it: versions and as-of reads of a map's records from the snapshot files, which
 * every member reads alike, rendered as the map's JSON. A key's versions and its as-of read also take a strong
 * map's acknowledged changes still in the members' commit logs ({@link CommitLogTails}), read before the files so
 * that a roll in between loses none. A weak map's writes before their flush are not history yet, nor is the log
 * tail in an as-of listing of a whole map.
 */
@Singleton
final class EntryHistory {

    private final SnapshotHistory history;
    private final CommitLogTails logs;
    private final ObjectMapper json;

    EntryHistory(SnapshotStorage storage, CommitLogTails logs, ObjectMapper json) {
        this.history = new SnapshotHistory(storage);
        this.logs = logs;
        this.json = json;
    }

    ObjectNode versions(RecordMap target, String key, Instant from, Instant to, int limit, String cursor) {
        long after = cursor == null ? Long.MIN_VALUE : decodeRevision(cursor);
        List<SnapshotRow> logged = loggedRows(target, key);
        List<HistoryVersion> versions = read(() -> history.versions(target.name(), key, from, to, logged)).stream()
                .filter(version -> version.revision() > after).toList();
        boolean more = versions.size() > limit;
        List<HistoryVersion> page = more ? versions.subList(0, limit) : versions;
        ObjectNode body = json.createObjectNode();
        body.put("map", target.name());
        body.put("key", key);
        read(() -> history.retainedFrom(target.name()))
                .ifPresentOrElse(oldest -> body.put("retainedFrom", oldest.toString()), () -> body.putNull("retainedFrom"));
        ArrayNode items = body.putArray("versions");
        for (HistoryVersion version : page) {
            ObjectNode item = items.addObject();
            item.put("revision", version.revision());
            item.put("committedAt", version.committedAt().toString());
            item.put("op", version.isDelete() ? "delete" : "upsert");
            item.set("value", version.isDelete() ? null : target.type().toJson(version.value()));
        }
        body.put("nextCursor", more ? QueryController.encodeCursor(Long.toString(page.get(page.size() - 1).revision()))
                : null);
        return body;
    }

    /** The record as it was at {@code at}, or empty if the key did not exist then. */
    Optional<ObjectNode> asOf(RecordMap target, String key, Instant at) {
        List<SnapshotRow> logged = loggedRows(target, key);
        return read(() -> history.asOf(target.name(), key, at, logged))
                .map(version -> target.type().toJson(version.value()));
    }

    /** Only strong maps have commit logs; the members are not asked about others. */
    private List<SnapshotRow> loggedRows(RecordMap target, String key) {
        return target.storageClass().durability() == Durability.STRONG
                ? logs.rowsOf(target.name(), target.type().avroSchema(), key) : List.of();
    }

    ObjectNode asOf(RecordMap target, Instant at, Predicate<GenericRecord> filter, int limit, String cursor) {
        String after = cursor == null ? null : QueryController.decodeCursor(cursor);
        AsOfPage page = read(() -> history.asOf(target.name(), at, filter, limit, after));
        ObjectNode body = json.createObjectNode();
        body.put("asOf", at.toString());
        ArrayNode items = body.putArray("items");
        for (SnapshotRow row : page.entries()) {
            ObjectNode item = items.addObject();
            item.put("key", row.key());
            item.set("value", target.type().toJson(row.value()));
        }
        body.put("nextCursor", page.nextAfter().map(QueryController::encodeCursor).orElse(null));
        return body;
    }

    static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("invalid-time", name + " must be an ISO-8601 instant such as"
                    + " 2026-11-01T03:00:00Z, got '" + text + "'").with("parameter", name);
        }
    }

    private interface HistoryRead<T> {
        T read() throws IOException;
    }

    private static <T> T read(HistoryRead<T> read) {
        try {
            return read.read();
        } catch (HistoryNotRetainedException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "history-not-retained", e.getMessage())
                    .with("map", e.map()).with("requested", e.requested().toString())
                    .with("oldestRetained", e.oldestRetained().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading history: " + e.getMessage(), e);
        }
    }

    private static long decodeRevision(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-cursor", "cursor is not one this API issued");
        }
    }
}
