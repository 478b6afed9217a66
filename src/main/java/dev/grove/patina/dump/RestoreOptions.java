package dev.grove.patina.dump;

import java.util.Set;

/**
 * How to restore.
 *
 * @param tables            restore only these tables (with their indexes and triggers); empty means all
 * @param excludeTables     never restore these (for example {@code d1_migrations})
 * @param force             replace a non-empty target (the old file is kept beside it as the first free
 *                          {@code <target>.bak}, {@code .bak.1}, …) and set leftover {@code -wal}/{@code -journal}/
 *                          {@code -shm} files of a missing or empty target aside
 * @param maxStatementBytes the longest single statement read (larger ones fail by number and line)
 */
public record RestoreOptions(Set<String> tables, Set<String> excludeTables, boolean force, long maxStatementBytes) {
    /** The default limit of one statement: 64 MiB (the sqlite3 shell writes a big blob as one statement). */
    public static final int DEFAULT_MAX_STATEMENT_MIB = 64;

    public RestoreOptions {
        tables = Set.copyOf(tables);
        excludeTables = Set.copyOf(excludeTables);
        if (maxStatementBytes < 1) {
            throw new IllegalArgumentException("the statement limit must be positive");
        }
    }

    public RestoreOptions(Set<String> tables, Set<String> excludeTables, boolean force) {
        this(tables, excludeTables, force, (long) DEFAULT_MAX_STATEMENT_MIB << 20);
    }

    public static RestoreOptions all() {
        return new RestoreOptions(Set.of(), Set.of(), false);
    }

    public RestoreOptions withForce(boolean value) {
        return new RestoreOptions(tables, excludeTables, value, maxStatementBytes);
    }

    /** The same options with one statement allowed up to {@code mib} MiB. */
    public RestoreOptions withMaxStatementMib(int mib) {
        if (mib < 1) {
            throw new IllegalArgumentException("the statement limit must be at least 1 MiB (found " + mib + ")");
        }
        return new RestoreOptions(tables, excludeTables, force, (long) mib << 20);
    }
}
