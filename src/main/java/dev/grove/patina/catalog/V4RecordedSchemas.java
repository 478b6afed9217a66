package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Version 4: each backup's schema, recorded at backup time (issue 15), so that comparing two backups reads no dump.
 *
 * <ul>
 *   <li>{@code schemas}: one row per distinct schema — the CREATE statements exactly as the dump holds them (a JSON
 *       array), keyed by their fingerprint, the SHA-256 of the statements joined by a newline. A schema that does
 *       not change from night to night is stored once.</li>
 *   <li>{@code objects.schema_sha256}: the fingerprint of the schema a daily holds; null for objects stored before
 *       version 4 and for weekly archives (a comparison then reads the dump).</li>
 *   <li>{@code database_results.schema_change}: what changed in the schema since the previous backup of that
 *       database ("column users.email dropped, index users_big added"), null when nothing changed or there was no
 *       earlier recorded schema.</li>
 * </ul>
 */
final class V4RecordedSchemas implements Migration {
    static final String DDL = """
            CREATE TABLE schemas (
                sha256     TEXT PRIMARY KEY,       -- fingerprint: SHA-256 of the statements joined by '\\n'
                statements TEXT NOT NULL           -- JSON array of the CREATE statements as the dump holds them
            );
            ALTER TABLE objects ADD COLUMN schema_sha256 TEXT REFERENCES schemas (sha256);
            ALTER TABLE database_results ADD COLUMN schema_change TEXT;
            """;

    @Override
    public int target() {
        return 4;
    }

    @Override
    public String description() {
        return "create schemas, add objects.schema_sha256 and database_results.schema_change";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Migration.runDdl(connection, DDL);
    }
}
