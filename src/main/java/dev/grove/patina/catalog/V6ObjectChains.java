package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 6: differential backups (issue 16, ADR 0016).
 *
 * <ul>
 *   <li>{@code object_chains}: one row per daily of a {@code strategy = "differential"} database — whether it is a
 *       {@code full} or a {@code differential}, the full a differential applies to ({@code base_key}, with the
 *       SHA-256 of that full's dump text as its footer states it), this object's own dump SHA-256, and the row count
 *       and content digest of every table of the database as it was that night (JSON), which a restore of the full
 *       plus the differential must reproduce. A daily without a row is a full of a {@code strategy = "full"}
 *       database, as every daily before version 6.</li>
 * </ul>
 */
final class V6ObjectChains implements Migration {
    static final String DDL = """
            CREATE TABLE object_chains (
                "key"            TEXT PRIMARY KEY REFERENCES objects ("key"),
                database         TEXT NOT NULL,
                strategy         TEXT NOT NULL CHECK (strategy IN ('full', 'differential')),
                base_key         TEXT REFERENCES objects ("key"),  -- the full a differential applies to
                base_dump_sha256 TEXT,                             -- that full's dump SHA-256 (its footer)
                dump_sha256      TEXT NOT NULL,                    -- this object's dump SHA-256 (its footer)
                digests          TEXT NOT NULL DEFAULT '{}',       -- {"table": {"rows": n, "digest": "hex"}}
                CHECK ((strategy = 'full') = (base_key IS NULL))
            );
            CREATE INDEX object_chains_by_base ON object_chains (base_key);
            """;

    @Override
    public int target() {
        return 6;
    }

    @Override
    public String description() {
        return "create object_chains (each differential's base, per-table digests)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
