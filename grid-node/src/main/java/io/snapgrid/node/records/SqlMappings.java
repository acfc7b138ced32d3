package io.snapgrid.node.records;

import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.records.RecordType;
import io.snapgrid.records.SqlColumn;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a Hazelcast SQL mapping for every schema-bound map, so that SQL sees the schema's scalar fields as
 * typed columns and the key as {@code __key}. CREATE OR REPLACE is idempotent, so members may race.
 */
@Singleton
public final class SqlMappings {

    private final HazelcastInstance member;
    private final Set<String> mapped = ConcurrentHashMap.newKeySet();

    public SqlMappings(HazelcastInstance member) {
        this.member = member;
    }

    public void ensure(String mapName, RecordType type) {
        if (mapped.add(mapName)) {
            try {
                member.getSql().executeUpdate(ddl(mapName, type));
            } catch (RuntimeException e) {
                mapped.remove(mapName);
                throw e;
            }
        }
    }

    static String ddl(String mapName, RecordType type) {
        String columns = type.sqlColumns().stream()
                .map(SqlMappings::column)
                .collect(Collectors.joining(", "));
        return "CREATE OR REPLACE MAPPING " + quote(mapName) + " (__key VARCHAR"
                + (columns.isEmpty() ? "" : ", " + columns) + ") TYPE IMap OPTIONS ("
                + "'keyFormat'='varchar', 'valueFormat'='compact', 'valueCompactTypeName'='"
                + type.typeName().replace("'", "''") + "')";
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String column(SqlColumn column) {
        return quote(column.name()) + " " + column.sqlType();
    }
}
