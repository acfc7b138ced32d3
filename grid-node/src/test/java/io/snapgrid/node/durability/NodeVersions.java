package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.records.RecordType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version n of a key as an inventory node whose hostname is "h&lt;key&gt;-v&lt;n&gt;": a restored record says by
 * itself which write it is. Every other field is fixed, the heartbeat too (the tests turn the node-health duty's
 * limits up to days, so it never rewrites a flag), so a restored record must equal the written one field for field.
 */
final class NodeVersions {

    static final String SCHEMA_RESOURCE = "/snapgrid/schemas/node.avsc";
    private static final Pattern HOSTNAME = Pattern.compile("h(.+)-v(\\d+)");

    private final RecordType type;
    private final long heartbeat = System.currentTimeMillis();

    NodeVersions() {
        try (InputStream avsc = NodeVersions.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            this.type = RecordType.load(avsc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node schema as a file, for a storage class given by flags (a flag names a file, not a resource). */
    static Path writeSchema(Path directory) {
        Path schema = directory.resolve("node.avsc");
        try (InputStream avsc = NodeVersions.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            Files.createDirectories(directory);
            Files.copy(avsc, schema, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema.toAbsolutePath();
    }

    RecordType type() {
        return type;
    }

    String json(String key, int version) {
        return Records.node("h" + key + "-v" + version, "Ready", heartbeat);
    }

    GenericRecord record(String key, int version) {
        return type.toCompact(parse(json(key, version)));
    }

    /**
     * The version a restored record is.
     *
     * @throws AssertionError if it is not exactly the record some write of that key wrote
     */
    int versionOf(String key, GenericRecord restored) {
        // Through text, as a REST client sees it, so numbers compare by value rather than by node class.
        JsonNode json = parse(type.toJson(restored).toString());
        Matcher hostname = HOSTNAME.matcher(json.path("hostname").asText());
        if (!hostname.matches() || !hostname.group(1).equals(key)) {
            throw new AssertionError("key " + key + " holds a record no write of it wrote: " + json);
        }
        int version = Integer.parseInt(hostname.group(2));
        JsonNode written = parse(json(key, version));
        if (!written.equals(json)) {
            throw new AssertionError("key " + key + " version " + version + " came back changed: wrote " + written
                    + ", restored " + json);
        }
        return version;
    }

    /** The version of every key in {@code map}, each record checked as in {@link #versionOf}. */
    Map<String, Integer> restored(IMap<String, GenericRecord> map) {
        Map<String, Integer> restored = new TreeMap<>();
        map.getAll(map.keySet()).forEach((key, record) -> restored.put(key, versionOf(key, record)));
        return restored;
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
