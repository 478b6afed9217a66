package dev.grove.patina.ui.settings;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;

/**
 * One configured database as the Settings table shows it. A secret appears only by its source
 * ({@code token from env:CF_API_TOKEN}), never its value.
 *
 * @param kind   {@code sqlite} or {@code d1}
 * @param source the SQLite file, or the D1 account and database ids
 * @param secret where the D1 API token comes from; empty for SQLite
 */
public record DatabaseRow(String name, String kind, String source, String secret) {
    static DatabaseRow of(DatabaseConfig db) {
        if (db instanceof SqliteDatabaseConfig sqlite) {
            return new DatabaseRow(sqlite.name(), "sqlite", sqlite.path().toString(), "");
        }
        D1DatabaseConfig d1 = (D1DatabaseConfig) db;
        String mode = D1DatabaseConfig.MODE_EXPORT.equals(d1.mode()) ? " (export mode)" : "";
        return new DatabaseRow(d1.name(), "d1", "account " + d1.accountId() + " · database " + d1.databaseId() + mode,
                "token from " + d1.apiToken().source());
    }
}
