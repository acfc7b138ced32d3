package io.snapgrid.snapshot.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotFormatException;
import io.snapgrid.snapshot.SnapshotKind;
import io.snapgrid.snapshot.SnapshotManifest;
import org.apache.avro.Schema;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest's JSON form, written by hand rather than by data binding so that the file format is spelled out
 * here and a damaged manifest is reported by field:
 * <pre>
 * {"format": "snapgrid-snapshot-manifest/1", "map": "inventory.nodes", "id": 3, "parentId": 2, "kind": "FULL",
 *  "baseId": 2, "createdAt": "2026-11-21T06:00:00.123Z",
 *  "files": [{"path": "map=inventory.nodes/data/…/part-00000.parquet", "rows": 250000, "bytes": 41234567,
 *             "sha256": "…"}],
 *  "schema": {…the values' Avro schema…}}
 * </pre>
 */
public final class ManifestJson {

    public static final String FORMAT = "snapgrid-snapshot-manifest/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    public static byte[] write(SnapshotManifest manifest) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("format", FORMAT);
        json.put("map", manifest.map());
        json.put("id", manifest.id());
        json.put("parentId", manifest.parentId());
        json.put("kind", manifest.kind().name());
        if (manifest.kind() == SnapshotKind.FULL) {
            json.put("baseId", manifest.baseId());
        }
        json.put("createdAt", manifest.createdAt().toString());
        ArrayNode files = json.putArray("files");
        for (SnapshotFile file : manifest.files()) {
            files.addObject()
                    .put("path", file.path())
                    .put("rows", file.rowCount())
                    .put("bytes", file.byteSize())
                    .put("sha256", file.sha256());
        }
        try {
            json.set("schema", MAPPER.readTree(manifest.schema().toString()));
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest of snapshot " + manifest.id(), e);
        }
    }

    /** @throws SnapshotFormatException naming {@code path} and the field if the bytes are not a valid manifest */
    public static SnapshotManifest read(byte[] bytes, String path) throws SnapshotFormatException {
        Fields fields;
        try {
            fields = new Fields(MAPPER.readTree(bytes), path);
        } catch (IOException e) {
            throw new SnapshotFormatException(path, "not a JSON manifest: " + e.getMessage(), e);
        }
        String format = fields.text("format");
        if (!FORMAT.equals(format)) {
            throw new SnapshotFormatException(path, "unknown manifest format \"" + format + "\", expected " + FORMAT,
                    null);
        }
        try {
            Schema schema = new Schema.Parser().parse(fields.node("schema").toString());
            return new SnapshotManifest(fields.text("map"), fields.number("id"), fields.optionalNumber("parentId"),
                    SnapshotKind.valueOf(fields.text("kind")), fields.optionalNumber("baseId"),
                    Instant.parse(fields.text("createdAt")), schema, files(fields));
        } catch (RuntimeException e) {
            throw new SnapshotFormatException(path, "invalid manifest: " + e.getMessage(), e);
        }
    }

    private static List<SnapshotFile> files(Fields manifest) throws SnapshotFormatException {
        List<SnapshotFile> files = new ArrayList<>();
        JsonNode array = manifest.node("files");
        if (!array.isArray()) {
            throw manifest.invalid("files", "an array", array);
        }
        for (int index = 0; index < array.size(); index++) {
            Fields file = manifest.nested(array.get(index), "files[" + index + "]");
            files.add(new SnapshotFile(file.text("path"), file.number("rows"), file.number("bytes"),
                    file.text("sha256")));
        }
        return files;
    }

    /** Typed access to one JSON object's fields, with errors naming the manifest and the field. */
    private record Fields(JsonNode json, String path, String prefix) {

        Fields(JsonNode json, String path) throws SnapshotFormatException {
            this(json, path, "");
            if (json == null || !json.isObject()) {
                throw new SnapshotFormatException(path, "not a JSON object", null);
            }
        }

        Fields nested(JsonNode object, String name) throws SnapshotFormatException {
            if (!object.isObject()) {
                throw invalid(name, "an object", object);
            }
            return new Fields(object, path, prefix + name + ".");
        }

        JsonNode node(String name) throws SnapshotFormatException {
            JsonNode node = json.get(name);
            if (node == null || node.isNull()) {
                throw new SnapshotFormatException(path, "missing field " + prefix + name, null);
            }
            return node;
        }

        String text(String name) throws SnapshotFormatException {
            JsonNode node = node(name);
            if (!node.isTextual()) {
                throw invalid(name, "a string", node);
            }
            return node.textValue();
        }

        long number(String name) throws SnapshotFormatException {
            JsonNode node = node(name);
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw invalid(name, "an integer", node);
            }
            return node.longValue();
        }

        Long optionalNumber(String name) throws SnapshotFormatException {
            JsonNode node = json.get(name);
            return node == null || node.isNull() ? null : number(name);
        }

        SnapshotFormatException invalid(String name, String expected, JsonNode actual) {
            return new SnapshotFormatException(path, "field " + prefix + name + " must be " + expected + ", got "
                    + actual, null);
        }
    }
}
