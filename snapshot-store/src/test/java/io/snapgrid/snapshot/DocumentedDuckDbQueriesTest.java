package io.snapgrid.snapshot;

import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import io.snapgrid.snapshot.history.SnapshotHistory;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs every SQL block of this module's README, as written but for the store's root, against a store of two maps
 * with different schemas, deltas and a compaction (so full snapshots repeat rows), and checks what they answer.
 */
class DocumentedDuckDbQueriesTest {

    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
    private static final String NODES = "inventory.nodes";
    private static final String COMPONENTS = "inventory.components";

    @TempDir
    Path root;

    @Test
    void everyDocumentedQueryAnswersOnAMultiMapStore() throws IOException, SQLException {
        SnapshotStorage storage = new FileSystemSnapshotStorage(root);
        Map<String, GenericData.Record> nodes = Inventory.nodes(50);
        String node = "x1000c0s0b0n0";
        GenericData.Record changed = GenericData.get().deepCopy(Inventory.NODE.avroSchema(), nodes.get(node));
        changed.put("state", new GenericData.EnumSymbol(changed.getSchema().getField("state").schema(), "Halt"));
        write(storage, NODES, nodes, List.of(SnapshotRow.upsert(node, 2, Inventory.COMMIT_TIME.plusSeconds(60), changed)));
        Map<String, GenericData.Record> components = Inventory.components(50);
        String serial = components.keySet().stream().sorted().findFirst().orElseThrow();
        GenericData.Record moved = GenericData.get().deepCopy(Inventory.COMPONENT.avroSchema(), components.get(serial));
        moved.put("nodeXname", "x9000c0s0b0n0");
        write(storage, COMPONENTS, components,
                List.of(SnapshotRow.upsert(serial, 2, Inventory.COMMIT_TIME.plusSeconds(60), moved)));

        List<String> queries = documentedQueries();
        assertEquals(3, queries.size(), "the README's SQL blocks");
        List<List<String>> versions = query(queries.get(0));
        assertEquals(new SnapshotHistory(storage).versions(NODES, node, null, null).size(), versions.size());
        assertEquals(List.of("1", "2"), versions.stream().map(row -> row.get(0)).toList(), "each revision once");
        assertEquals("Halt", versions.get(1).get(3));
        List<List<String>> chassis = query(queries.get(1));
        assertFalse(chassis.isEmpty());
        assertEquals(List.of(node, nodes.get(node).get("state").toString()), chassis.get(0), "as of before the change");
        List<List<String>> whereabouts = query(queries.get(2));
        assertEquals(List.of(String.valueOf(components.get(serial).get("nodeXname")), "x9000c0s0b0n0"),
                whereabouts.stream().map(row -> row.get(1)).toList());
    }

    /** A full at revision 1, a delta, and a compaction folding both into a full that repeats the delta's row. */
    private static void write(SnapshotStorage storage, String map, Map<String, GenericData.Record> records,
                              List<SnapshotRow> changes) throws IOException {
        SnapshotWriter writer = new SnapshotWriter(storage);
        org.apache.avro.Schema schema = records.values().iterator().next().getSchema();
        try (PendingSnapshot full = writer.beginFull(map, schema, null)) {
            for (Map.Entry<String, GenericData.Record> record : records.entrySet()) {
                full.add(SnapshotRow.upsert(record.getKey(), 1, Inventory.COMMIT_TIME, record.getValue()));
            }
            full.commit();
        }
        try (PendingSnapshot delta = writer.beginDelta(map, schema)) {
            for (SnapshotRow change : changes) {
                delta.add(change);
            }
            delta.commit();
        }
        new SnapshotCompaction(storage).compact(map).orElseThrow();
    }

    private List<String> documentedQueries() throws IOException {
        Matcher blocks = SQL_BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<String> queries = new ArrayList<>();
        while (blocks.find()) {
            queries.add(blocks.group(1).replace("'data/snapshots/", "'" + root + "/"));
        }
        return queries;
    }

    private static List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(String.valueOf(result.getObject(column)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
