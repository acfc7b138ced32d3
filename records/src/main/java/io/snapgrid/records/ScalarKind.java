package io.snapgrid.records;

/** The Avro leaf types the records support, with the Hazelcast SQL type each maps to. */
enum ScalarKind {
    STRING("VARCHAR"),
    /** Held as the symbol name: Compact and SQL have no enum type. */
    ENUM("VARCHAR"),
    INT("INTEGER"),
    LONG("BIGINT"),
    /** An Avro long that JSON may also give as an ISO-8601 instant. */
    TIMESTAMP_MILLIS("BIGINT"),
    FLOAT("REAL"),
    DOUBLE("DOUBLE"),
    BOOLEAN("BOOLEAN");

    private final String sqlType;

    ScalarKind(String sqlType) {
        this.sqlType = sqlType;
    }

    String sqlType() {
        return sqlType;
    }
}
