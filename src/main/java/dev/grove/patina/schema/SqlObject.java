package dev.grove.patina.schema;

/** A trigger or a view: compared by its CREATE text (SQLite keeps it as written). */
public record SqlObject(String name, String table, String sql) {
}
