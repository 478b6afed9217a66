package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One step of the catalog's schema upgrade chain, from version {@code target() - 1} to {@code target()}.
 * {@link SchemaUpgrader} runs it inside a transaction and sets {@code PRAGMA user_version} to {@link #target()} in
 * the same transaction, so a step either completes or leaves the file as it was. A step must not commit, roll
 * back or change the journal mode.
 */
interface Migration {
    /** The schema version this step produces. */
    int target();

    /** What the step does, for error messages. */
    String description();

    /** Changes the schema (and data) of a catalog at version {@code target() - 1}. */
    void apply(Connection connection) throws SQLException;

    /**
     * Runs {@code ddl} statement by statement: each ends with {@code ;} on its line (a {@code --} comment may follow
     * it), and no comment holds a {@code ;}.
     */
    static void runDdl(Connection connection, String ddl) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : ddl.split(";[^\\n]*\\n")) {
                String sql = statement.strip();
                if (!sql.isEmpty()) {
                    s.execute(sql);
                }
            }
        }
    }
}
