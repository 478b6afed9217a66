package dev.grove.patina.dump;

/** One row of {@code sqlite_schema}: an object's type (table, index, view, trigger), name, table and stored SQL. */
public record SchemaEntry(String type, String name, String tableName, String sql) {
}
