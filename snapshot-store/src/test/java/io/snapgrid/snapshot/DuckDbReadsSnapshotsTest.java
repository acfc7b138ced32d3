package io.snapgrid.snapshot;

import io.snapgrid.snapshot.fs.FileSystemSnapshotStorage;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DuckDB, a reader that shares no code with ours, sees typed columns and answers history questions in SQL. */
class DuckDbReadsSnapshotsTest {

    private static final String MAP = "inventory.nodes";

    @TempDir
    Path root;

    private final Map<String, GenericData.Record> nodes = Inventory.nodes(1000);
    private String files;

    @BeforeEach
    void writeAFullAndADelta() throws IOException {
        SnapshotWriter writer = new SnapshotWriter(new FileSystemSnapshotStorage(root));
        try (PendingSnapshot full = writer.beginFull(MAP, Inventory.NODE.avroSchema(), null)) {
            for (Map.Entry<String, GenericData.Record> node : nodes.entrySet()) {
                full.add(SnapshotRow.upsert(node.getKey(), 1, Inventory.COMMIT_TIME, node.getValue()));
            }
            full.commit();
        }
        List<String> xnames = new ArrayList<>(nodes.keySet());
        try (PendingSnapshot delta = writer.beginDelta(MAP, Inventory.NODE.avroSchema())) {
            for (String xname : xnames.subList(0, 10)) {
                delta.add(SnapshotRow.delete(xname, 2, Inventory.COMMIT_TIME.plusSeconds(60)));
            }
            delta.commit();
        }
        files = "read_parquet('" + root + "/map=*/data/*/*.parquet', hive_partitioning = true)";
    }

    @Test
    void everyFieldIsATypedColumn() throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        query("DESCRIBE SELECT * FROM " + files, row -> types.put(row.getString(1), row.getString(2)));
        assertEquals(List.of("_key", "_op", "_commit_time", "_revision", "value", "map"), List.copyOf(types.keySet()));
        assertEquals("VARCHAR", types.get("_key"));
        assertEquals("VARCHAR", types.get("_op"));
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("_commit_time"));
        assertEquals("BIGINT", types.get("_revision"));
        for (String column : List.of("hostname VARCHAR", "arch VARCHAR", "nid INTEGER", "labels MAP(VARCHAR, VARCHAR)",
                "bmc STRUCT(xname VARCHAR, mac VARCHAR, ip VARCHAR)",
                "nics STRUCT(\"name\" VARCHAR, mac VARCHAR, ips VARCHAR[])[]",
                "lastHeartbeat TIMESTAMP WITH TIME ZONE")) {
            assertTrue(types.get("value").contains(column), column + " not in " + types.get("value"));
        }
    }

    @Test
    void sqlOverTheFilesAgreesWithTheRecordsWritten() throws SQLException {
        Map<String, Long> archCounts = new TreeMap<>();
        long nics = 0;
        for (GenericRecord node : nodes.values()) {
            archCounts.merge(node.get("arch").toString(), 1L, Long::sum);
            nics += ((List<?>) node.get("nics")).size();
        }
        Map<String, Long> sqlArchCounts = new TreeMap<>();
        query("SELECT value.arch, count(*) FROM " + files + " WHERE _op = 'UPSERT' AND map = '" + MAP + "' GROUP BY 1",
                row -> sqlArchCounts.put(row.getString(1), row.getLong(2)));
        assertEquals(archCounts, sqlArchCounts);
        long totalNics = nics;
        query("SELECT sum(len(value.nics)), max(value.nid), count(*) FILTER (WHERE value IS NULL) FROM " + files,
                row -> assertEquals(List.of(totalNics, (long) nodes.size(), 10L),
                        List.of(row.getLong(1), row.getLong(2), row.getLong(3))));
    }

    @Test
    void theLatestRowPerKeyInSqlMatchesTheSnapshotReader() throws Exception {
        FileSystemSnapshotStorage storage = new FileSystemSnapshotStorage(root);
        long live = new SnapshotReader(storage).read(new SnapshotVerifier(storage).verifyLatest(MAP).orElseThrow(),
                row -> { });
        assertEquals(nodes.size() - 10, live);
        query("SELECT count(*) FROM (SELECT _key, arg_max(_op, _revision) AS op FROM " + files
                + " GROUP BY _key) WHERE op = 'UPSERT'", row -> assertEquals(live, row.getLong(1)));
    }

    private interface RowCheck {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(String sql, RowCheck check) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int count = 0;
            while (rows.next()) {
                check.accept(rows);
                count++;
            }
            assertTrue(count > 0, "no rows from " + sql);
        }
    }
}
