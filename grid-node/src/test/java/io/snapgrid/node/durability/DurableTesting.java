package io.snapgrid.node.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.snapgrid.node.testing.Http;
import io.snapgrid.node.testing.Records;
import io.snapgrid.node.testing.TestCluster;
import io.snapgrid.records.RecordType;
import io.snapgrid.snapshot.RestoreOptions;
import io.snapgrid.snapshot.RestorePlan;
import io.snapgrid.snapshot.SnapshotRestore;
import io.snapgrid.snapshot.SnapshotStorage;
import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.snapgrid.jobs.testing.Awaiting.await;

/** What the durability tests share: the node schema as a file for flags, records, and what a restore would load. */
final class DurableTesting {

    static final RecordType NODE = type("/snapgrid/schemas/node.avsc");
    static final RecordType COMPONENT = type("/snapgrid/schemas/component.avsc");

    private DurableTesting() {
    }

    /** The shipped node schema as a file beside {@code root}, for a storage class given by flags. */
    static Path nodeSchemaFile(Path root) throws IOException {
        Path schema = root.resolveSibling(root.getFileName() + "-node.avsc");
        try (InputStream avsc = DurableTesting.class.getResourceAsStream("/snapgrid/schemas/node.avsc")) {
            Files.copy(avsc, schema);
        }
        return schema;
    }

    /** Flags for a storage class of node records. */
    static String[] nodeClass(String name, String match, String durability, Path schema, String... more) {
        String prefix = "--storage-classes." + name + ".";
        String[] base = {prefix + "match=" + match, prefix + "durability=" + durability, prefix + "schema=" + schema};
        String[] flags = new String[base.length + more.length];
        System.arraycopy(base, 0, flags, 0, base.length);
        for (int i = 0; i < more.length; i++) {
            flags[base.length + i] = prefix + more[i];
        }
        return flags;
    }

    /** Deletes a member's commit-log volume with everything on it, as losing the volume with the member would. */
    static void loseVolume(Path volume) throws IOException {
        try (Stream<Path> files = Files.walk(volume)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static GenericRecord node(String hostname, String state) {
        return NODE.toCompact(json(Records.node(hostname, state, 1_700_000_000_000L)));
    }

    static GenericRecord component(String type, String nodeXname) {
        return COMPONENT.toCompact(json(Records.component(type, nodeXname)));
    }

    /** A node record as canonical JSON, to compare records whatever made them. */
    static JsonNode json(GenericRecord node) {
        return NODE.toJson(node);
    }

    /** What a restore of {@code map} from {@code root} would load: each live key's value, as canonical JSON. */
    static Map<String, JsonNode> restored(Path root, String map) throws IOException {
        return restored(new FileSystemSnapshotStorage(root), map);
    }

    /** As {@link #restored(Path, String)}, from any snapshot storage. */
    static Map<String, JsonNode> restored(SnapshotStorage storage, String map) throws IOException {
        SnapshotRestore restore = new SnapshotRestore(storage, RestoreOptions.defaults());
        RestorePlan plan = restore.plan(List.of(map));
        Map<String, JsonNode> content = new TreeMap<>();
        restore.restore(plan, (name, rows) -> rows.forEach(row -> content.put(row.key(), NODE.toJson(row.value()))),
                status -> { });
        return content;
    }

    /** Fails naming the keys missing, extra or different (at most ten of each), not the whole of both maps. */
    static void assertSameEntries(String what, Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> missing = expected.keySet().stream().filter(key -> !actual.containsKey(key)).sorted().toList();
        List<String> extra = actual.keySet().stream().filter(key -> !expected.containsKey(key)).sorted().toList();
        List<String> different = expected.keySet().stream()
                .filter(key -> actual.containsKey(key) && !expected.get(key).equals(actual.get(key))).sorted().toList();
        throw new AssertionError(what + ": expected " + expected.size() + " entries, got " + actual.size()
                + "; missing " + missing.size() + " " + first(missing) + ", extra " + extra.size() + " " + first(extra)
                + ", different " + different.size() + " " + first(different));
    }

    private static List<String> first(List<String> keys) {
        return keys.subList(0, Math.min(10, keys.size()));
    }

    /** A counter of the durability events, summed over the nodes of the cluster. */
    static double count(TestCluster cluster, String name, String map) {
        double total = 0;
        for (int node = 0; node < cluster.size(); node++) {
            Counter counter = cluster.bean(node, MeterRegistry.class).find(name).tag("map", map).counter();
            total += counter == null ? 0 : counter.count();
        }
        return total;
    }

    static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordType type(String resource) {
        try (InputStream avsc = DurableTesting.class.getResourceAsStream(resource)) {
            return RecordType.load(avsc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
