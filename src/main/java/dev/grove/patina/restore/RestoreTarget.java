package dev.grove.patina.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** Where a restore goes: a SQLite file, a dump file (an export, nothing restored), or a configured D1 database. */
public sealed interface RestoreTarget permits RestoreTarget.SqliteFile, RestoreTarget.DumpFile,
        RestoreTarget.D1Database {

    /**
     * A new SQLite file, or (with {@code replace}) one that is replaced, the old file kept as {@code .bak}.
     *
     * @param tables        the tables to restore; empty for all
     * @param excludeTables tables never restored (D1's {@code d1_migrations}, say)
     */
    record SqliteFile(Path file, boolean replace, Set<String> tables, Set<String> excludeTables)
            implements RestoreTarget {
        public SqliteFile {
            Objects.requireNonNull(file, "file");
            tables = Set.copyOf(tables);
            excludeTables = Set.copyOf(excludeTables);
        }
    }

    /**
     * The dump saved as a file: plain SQL ({@code decompress}) or exactly as stored; a file there that holds data is
     * replaced only with {@code replace}, and then kept as {@code .bak}.
     */
    record DumpFile(Path file, boolean decompress, boolean replace) implements RestoreTarget {
        public DumpFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A configured Cloudflare D1 database, imported into through D1's import API.
     *
     * @param confirmation the database's name as the operator typed it: it must match
     * @param pollEvery    how often D1 is asked whether the import is done
     */
    record D1Database(String database, String confirmation, Duration pollEvery) implements RestoreTarget {
        public D1Database {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(pollEvery, "pollEvery");
        }
    }
}
