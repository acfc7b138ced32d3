package io.snapgrid.node.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.config.SnapshotSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import io.snapgrid.snapshot.SnapshotCatalog;
import io.snapgrid.snapshot.SnapshotFile;
import io.snapgrid.snapshot.SnapshotManifest;
import io.snapgrid.snapshot.SnapshotStorage;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Read-only SQL over history, answered by DuckDB over the snapshot files of a filesystem store. Each query gets a
 * fresh in-memory database whose views name exactly the files the manifests (and history manifests) name, so files
 * of dead writers never count. Three fences keep it read-only: DuckDB's own parser must see exactly one SELECT
 * ({@code json_serialize_sql} serialises nothing else), file access is then limited to the snapshot root and
 * the configuration locked, and the database lives in memory and is dropped after the query.
 */
@Singleton
final class HistorySql {

    private final SnapshotStorage storage;
    private final SnapshotCatalog catalog;
    private final SnapshotSettings settings;
    private final ObjectMapper json;
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "history-sql-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    HistorySql(SnapshotStorage storage, SnapgridSettings settings, ObjectMapper json) {
        this.storage = storage;
        this.catalog = new SnapshotCatalog(storage);
        this.settings = settings.snapshots();
        this.json = json;
    }

    ObjectNode query(String sql) {
        if (settings.store() != SnapshotSettings.Store.FILESYSTEM) {
            throw new ApiProblem(HttpStatus.NOT_IMPLEMENTED, "history-sql-unsupported", "SQL over history reads the"
                    + " snapshot files directly, which this node does only for snapshots.store filesystem; the"
                    + " history and asOf endpoints work with every store");
        }
        Path root = settings.root().toAbsolutePath().normalize();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            requireOneSelect(connection, sql);
            defineViews(connection, root);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET allowed_directories = [" + literal(root + "/") + "]");
                statement.execute("SET enable_external_access = false");
                statement.execute("SET lock_configuration = true");
            }
            return run(connection, sql);
        } catch (SQLException e) {
            throw ApiProblem.badRequest("sql-error", "DuckDB: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("listing snapshots for SQL: " + e.getMessage(), e);
        }
    }

    /** DuckDB's parser decides: only a single SELECT serialises without an error. */
    private void requireOneSelect(Connection connection, String sql) throws SQLException {
        JsonNode parsed;
        try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                parsed = json.readTree(result.getString(1));
            } catch (IOException e) {
                throw new IllegalStateException("DuckDB answered json_serialize_sql with invalid JSON", e);
            }
        }
        if (parsed.path("error").asBoolean(true)) {
            throw ApiProblem.badRequest("sql-not-read-only", "only a single SELECT is answered: "
                    + parsed.path("error_message").asText("the statement is not a SELECT"));
        }
        if (parsed.path("statements").size() != 1) {
            throw ApiProblem.badRequest("sql-not-read-only", "only a single SELECT is answered, got "
                    + parsed.path("statements").size() + " statements");
        }
    }

    /**
     * Per map a view of every version (full snapshots repeat rows, so each key's revision once) and a table macro
     * of each live key's latest version as of an instant.
     */
    private void defineViews(Connection connection, Path root) throws IOException, SQLException {
        for (String map : catalog.maps()) {
            TreeMap<Long, SnapshotManifest> manifests = new TreeMap<>();
            catalog.historyManifests(map).forEach(manifest -> manifests.put(manifest.id(), manifest));
            catalog.manifests(map).forEach(manifest -> manifests.put(manifest.id(), manifest));
            List<String> files = new ArrayList<>();
            for (SnapshotManifest manifest : manifests.values()) {
                for (SnapshotFile file : manifest.files()) {
                    files.add(literal(root.resolve(file.path()).toString()));
                }
            }
            if (files.isEmpty()) {
                continue;
            }
            String view = identifier(map);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE VIEW " + view + " AS SELECT _key, _op, _commit_time, _revision, value FROM"
                        + " read_parquet([" + String.join(", ", files) + "], union_by_name = true)"
                        + " QUALIFY row_number() OVER (PARTITION BY _key, _revision) = 1");
                // Not "at": DuckDB reads AT as the start of AT TIME ZONE.
                statement.execute("CREATE MACRO " + identifier(map + "@asof") + "(as_of) AS TABLE SELECT _key,"
                        + " _revision, _commit_time, value FROM (SELECT * FROM " + view + " WHERE _commit_time <= as_of"
                        + " QUALIFY row_number() OVER (PARTITION BY _key ORDER BY _revision DESC) = 1)"
                        + " WHERE _op = 'UPSERT'");
            }
        }
    }

    private ObjectNode run(Connection connection, String sql) throws SQLException {
        int maxRows = settings.history().sqlMaxRows();
        Duration timeout = settings.history().sqlTimeout();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Statement statement = connection.createStatement()) {
            ScheduledFuture<?> cancel = timeouts.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // The query ended meanwhile.
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rows = statement.executeQuery(sql)) {
                return render(rows, maxRows);
            } catch (SQLException e) {
                if (timedOut.get()) {
                    throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "sql-timeout", "the query ran longer than "
                            + timeout + " (snapshots.history.sql-timeout) and was cancelled");
                }
                throw e;
            } finally {
                cancel.cancel(false);
            }
        }
    }

    private ObjectNode render(ResultSet rows, int maxRows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        ObjectNode body = json.createObjectNode();
        ArrayNode columns = body.putArray("columns");
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            columns.addObject().put("name", meta.getColumnName(column)).put("type", meta.getColumnTypeName(column));
        }
        ArrayNode out = body.putArray("rows");
        int count = 0;
        boolean truncated = false;
        while (rows.next()) {
            if (count == maxRows) {
                truncated = true;
                break;
            }
            ArrayNode row = out.addArray();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                Object value = rows.getObject(column);
                row.add(value == null ? json.nullNode() : json.valueToTree(value instanceof Number || value instanceof Boolean
                        ? value : value.toString()));
            }
            count++;
        }
        body.put("truncated", truncated);
        return body;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
