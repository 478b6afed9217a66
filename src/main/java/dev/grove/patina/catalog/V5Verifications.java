package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 5: the proofs of the test restores (issue 15 §2, ADR 0015).
 *
 * <ul>
 *   <li>{@code verifications}: one row per object a test restore checked — when, by which run, how many checks
 *       passed and failed, and the checks themselves (a JSON array of {@code {"check", "passed", "result"}}). The
 *       dashboard's and status's "last proven restorable" of a database is its newest row without a failed check.
 *       {@code objects.verified_at} keeps its meaning (the stored bytes last checked good, restored or not).</li>
 * </ul>
 */
final class V5Verifications implements Migration {
    static final String DDL = """
            CREATE TABLE verifications (
                id          INTEGER PRIMARY KEY,
                "key"       TEXT NOT NULL REFERENCES objects ("key"),
                database    TEXT NOT NULL,
                run_id      TEXT REFERENCES runs (id),
                verified_at INTEGER NOT NULL,      -- epoch ms UTC
                passed      INTEGER NOT NULL,      -- checks that passed
                failed      INTEGER NOT NULL,      -- checks that failed (0: proven restorable)
                checks      TEXT NOT NULL          -- JSON array of {"check", "passed", "result"}
            );
            CREATE INDEX verifications_by_database ON verifications (database, verified_at DESC);
            CREATE INDEX verifications_by_key ON verifications ("key", verified_at DESC);
            """;

    @Override
    public int target() {
        return 5;
    }

    @Override
    public String description() {
        return "create verifications (the proofs of the test restores)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
