package io.snapgrid.node.rest;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.sql.HazelcastSqlException;
import com.hazelcast.sql.SqlColumnMetadata;
import com.hazelcast.sql.SqlExpectedResultType;
import com.hazelcast.sql.SqlResult;
import com.hazelcast.sql.SqlRow;
import com.hazelcast.sql.SqlStatement;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.rest.problem.ApiProblem;
import jakarta.inject.Singleton;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs read-only SQL for REST. Hazelcast itself refuses anything that does not return rows (the expected
 * result type is ROWS), on top of the SELECT check callers make, and every query has a timeout.
 */
@Singleton
final class SqlReads {

    private final HazelcastInstance member;
    private final long timeoutMillis;

    SqlReads(HazelcastInstance member, SnapgridSettings settings) {
        this.member = member;
        this.timeoutMillis = settings.rest().sqlTimeout().toMillis();
    }

    /** Streams up to maxRows rows; returns whether more rows were left unread. */
    boolean query(String sql, List<Object> params, int maxRows, Consumer<List<SqlColumnMetadata>> columns,
                  Consumer<SqlRow> rows) {
        SqlStatement statement = new SqlStatement(sql)
                .setParameters(params)
                .setExpectedResultType(SqlExpectedResultType.ROWS)
                .setTimeoutMillis(timeoutMillis);
        try (SqlResult result = member.getSql().execute(statement)) {
            columns.accept(result.getRowMetadata().getColumns());
            int read = 0;
            for (SqlRow row : result) {
                if (read == maxRows) {
                    return true;
                }
                rows.accept(row);
                read++;
            }
            return false;
        } catch (HazelcastSqlException e) {
            throw ApiProblem.badRequest("sql-error", "SQL failed: " + e.getMessage());
        }
    }

    /** A row as JSON-friendly values: numbers, strings, booleans and null; temporals as ISO-8601 text. */
    static Map<String, Object> asMap(SqlRow row, List<SqlColumnMetadata> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i).getName(), jsonValue(row.getObject(i)));
        }
        return values;
    }

    static List<Map<String, String>> describe(List<SqlColumnMetadata> columns) {
        List<Map<String, String>> described = new ArrayList<>();
        for (SqlColumnMetadata column : columns) {
            described.add(Map.of("name", column.getName(), "type", column.getType().name()));
        }
        return described;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Temporal) {
            return value.toString();
        }
        return String.valueOf(value);
    }
}
