package dev.grove.patina.app;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.config.DatabaseConfig;
import dev.grove.patina.config.SqliteDatabaseConfig;
import dev.grove.patina.config.StoreConfig;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Sleeper;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.util.Bytes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * "Test connection" for a database or a store that is being edited and not saved yet: built from its config the
 * way the runtime builds it, asked one cheap question, released. Blocking: call it off the GUI thread. Failures are
 * the adapters' own exceptions, whose messages name the database or store and never carry a secret.
 */
public final class ConnectionChecks {
    /** Two tries and short waits: a connection test answers in seconds, a backup keeps trying much longer. */
    private static final D1Settings D1_CHECK = new D1Settings(1000, 4 << 20, 2, Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30));

    private ConnectionChecks() {
    }

    /**
     * Opens a SQLite file read-only ({@code ok — 3 tables, 1.2 MiB, journal mode wal}) or runs one query on a D1
     * database through its REST API ({@code ok — 4 tables in D1 database <id>}).
     */
    public static String database(DatabaseConfig db, Clock clock) {
        if (db instanceof SqliteDatabaseConfig sqlite) {
            SqliteFileSource.Probe p = new SqliteFileSource(sqlite.name(), sqlite.path()).probe();
            return "ok — " + tables(p.tables()) + ", " + Bytes.formatBytes(p.bytes()) + ", journal mode "
                    + p.journalMode();
        }
        D1DatabaseConfig d1 = (D1DatabaseConfig) db;
        List<String> tables = D1Client.create(d1, RateLimiter.cloudflareDefault(clock, Sleeper.system()), D1_CHECK,
                clock).tableNames();
        return "ok — " + tables(tables.size()) + " in D1 database " + d1.databaseId();
    }

    /** Opens the store, checks that it may list and write under its prefix, and says where it is. */
    public static String store(StoreConfig config) throws IOException {
        BackupStore store = StoreFactory.open(config);
        try {
            store.checkAccess();
            return store.describe();
        } finally {
            StoreFactory.close(store);
        }
    }

    private static String tables(int n) {
        return n + (n == 1 ? " table" : " tables");
    }
}
