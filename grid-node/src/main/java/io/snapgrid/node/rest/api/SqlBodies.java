package io.snapgrid.node.rest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The bodies of POST /v1/sql (the grid's SQL) and POST /v1/history/sql (DuckDB over the snapshot files). */
public final class SqlBodies {

    private SqlBodies() {
    }

    @Serdeable
    @Schema(name = "SqlQuery")
    public record Query(@Schema(description = "One SELECT") String sql,
                        @Nullable @Schema(description = "Positional parameters: strings, numbers, booleans or null")
                        List<Object> params) {
    }

    @Serdeable
    @Schema(name = "SqlAnswer")
    public record Answer(List<Column> columns,
                         @ArraySchema(arraySchema = @Schema(description = "One object per row, column name to value"),
                                 schema = @Schema(type = "object", additionalProperties =
                                         Schema.AdditionalPropertiesValue.TRUE)) List<Object> rows,
                         @Schema(description = "More rows than rest.sql-max-rows matched") boolean truncated) {
    }

    @Serdeable
    @Schema(name = "SqlColumn")
    public record Column(String name, String type) {
    }

    /** Stands for one value of a history row in the document; rows are sent as plain JSON values. */
    @Serdeable
    @Schema(name = "SqlValue", nullable = true, oneOf = {String.class, Double.class, Boolean.class},
            description = "A number or boolean as such, anything else as text, SQL NULL as null")
    public record Value() {
    }

    @Serdeable
    @Schema(name = "HistorySqlQuery")
    public record HistoryQuery(@Schema(description = "One SELECT, or WITH ... SELECT") String sql) {
    }

    @Serdeable
    @Schema(name = "HistorySqlAnswer")
    public record HistoryAnswer(List<Column> columns,
                                @Schema(description = "One array per row, values in column order")
                                List<List<Value>> rows,
                                @Schema(description = "More rows than snapshots.history.sql-max-rows") boolean truncated) {
    }
}
