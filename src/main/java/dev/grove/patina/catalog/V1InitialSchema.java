package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 1: runs, their per-database results and log lines, and the objects of the store.
 * Instants are epoch milliseconds (UTC) in INTEGER columns; days are {@code YYYY-MM-DD} TEXT, which sorts by date;
 * kinds and statuses are the lower-case {@code id()} of the model enums.
 */
final class V1InitialSchema implements Migration {
    static final String DDL = """
            CREATE TABLE runs (
                id          TEXT PRIMARY KEY,      -- job id (UUID)
                kind        TEXT NOT NULL,         -- nightly | weekly | cleanup | verify
                "trigger"   TEXT NOT NULL,         -- schedule | catch-up | manual | cli | api
                run_date    TEXT NOT NULL,         -- YYYY-MM-DD, the day the run backs up
                started_at  INTEGER NOT NULL,      -- epoch ms UTC
                ended_at    INTEGER,               -- epoch ms UTC, null while running
                status      TEXT NOT NULL,         -- running | ok | partial | failed | interrupted
                catch_up_of TEXT                   -- reserved for catch-up runs
            );
            CREATE INDEX runs_by_start ON runs (started_at DESC);
            CREATE INDEX runs_by_kind ON runs (kind, started_at DESC);

            CREATE TABLE database_results (
                run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                database    TEXT NOT NULL,
                status      TEXT NOT NULL,         -- ok | failed
                "rows"      INTEGER NOT NULL,      -- sum of row_counts
                row_counts  TEXT NOT NULL DEFAULT '{}',  -- JSON {"table": rows}
                bytes       INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                error       TEXT,                  -- as given (the backup service scrubs secrets)
                object_key  TEXT,                  -- null when nothing was stored
                PRIMARY KEY (run_id, database)
            );

            CREATE TABLE objects (
                id           INTEGER PRIMARY KEY,
                "key"        TEXT NOT NULL UNIQUE,
                database     TEXT,                 -- null for weekly archives (they hold every database)
                kind         TEXT NOT NULL,        -- daily | weekly
                date         TEXT NOT NULL,        -- YYYY-MM-DD, a weekly's is the Monday of its ISO week
                size         INTEGER NOT NULL,
                sha256       TEXT,
                row_counts   TEXT NOT NULL DEFAULT '{}',
                created_at   INTEGER NOT NULL,     -- epoch ms UTC
                verified_at  INTEGER,
                deleted_at   INTEGER,              -- the row stays as history after the object is deleted
                delete_error TEXT                  -- last failed delete, the object is still present
            );
            -- the history views: newest first, filtered by database, kind, status (partial index) or date range
            CREATE INDEX objects_by_date ON objects (date DESC, "key");
            CREATE INDEX objects_by_database ON objects (database, date DESC, "key");
            CREATE INDEX objects_by_kind ON objects (kind, date DESC, "key");
            CREATE INDEX objects_present ON objects (database, kind, date DESC) WHERE deleted_at IS NULL;

            CREATE TABLE run_log (
                id      INTEGER PRIMARY KEY,
                run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                at      INTEGER NOT NULL,          -- epoch ms UTC
                level   TEXT NOT NULL,
                message TEXT NOT NULL
            );
            CREATE INDEX run_log_by_run ON run_log (run_id, id);
            """;

    @Override
    public int target() {
        return 1;
    }

    @Override
    public String description() {
        return "create runs, database_results, objects and run_log";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
