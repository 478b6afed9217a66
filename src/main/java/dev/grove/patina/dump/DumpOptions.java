package dev.grove.patina.dump;

import java.util.Set;

/**
 * What to dump and how.
 *
 * @param sourceName a name for the source recorded in the header (a configured database name or a file name)
 * @param tables     the tables to dump; empty means all
 */
public record DumpOptions(String sourceName, DumpDialect dialect, Set<String> tables) {
    public DumpOptions {
        tables = Set.copyOf(tables);
    }

    public static DumpOptions all(String sourceName, DumpDialect dialect) {
        return new DumpOptions(sourceName, dialect, Set.of());
    }
}
