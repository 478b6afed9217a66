package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 2: what a check found wrong with a stored object, and the puts each run has in flight.
 *
 * <ul>
 *   <li>{@code objects.damaged_at} / {@code objects.damage}: when a verify (or a download) found the object damaged
 *       or missing, and what failed. A damaged object is never a "good" copy: not the last good backup, not the copy
 *       retention keeps by safety. A later successful verify, or a fresh upload under the same key, clears it.</li>
 *   <li>{@code run_puts}: the keys a run is storing right now (a row is written before the put starts and removed
 *       when it ends), so that the next process can remove what a killed run's puts left — temporary files and
 *       unfinished multipart uploads of exactly those keys — whatever their age.</li>
 * </ul>
 */
final class V2DamageAndRunPuts implements Migration {
    static final String DDL = """
            ALTER TABLE objects ADD COLUMN damaged_at INTEGER;   -- epoch ms UTC a check found it damaged, else null
            ALTER TABLE objects ADD COLUMN damage TEXT;          -- what failed (checksum mismatch, missing, …)
            CREATE INDEX objects_damaged ON objects (database, date DESC) WHERE damaged_at IS NOT NULL;

            CREATE TABLE run_puts (
                run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                "key"      TEXT NOT NULL,          -- the object key being stored
                started_at INTEGER NOT NULL,       -- epoch ms UTC
                PRIMARY KEY (run_id, "key")
            );
            """;

    @Override
    public int target() {
        return 2;
    }

    @Override
    public String description() {
        return "add objects.damaged_at and objects.damage, create run_puts";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
