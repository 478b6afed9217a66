package dev.grove.patina.restore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How a restore, export or D1 import ended. */
public sealed interface RestoreOutcome permits RestoreOutcome.RestoredToFile, RestoreOutcome.ExportedToFile,
        RestoreOutcome.ImportedToD1, RestoreOutcome.RestoreRefused, RestoreOutcome.RestoreCancelled,
        RestoreOutcome.RestoreFailed {

    /**
     * A SQLite file restored, checked and renamed into place.
     *
     * @param previousFile where a replaced file was kept ({@code .bak}, {@code .bak.1}, …), or null
     * @param setAside     leftover SQLite sidecars set aside, at the names they were kept under
     * @param rowCounts    rows per restored table, counted in the restored file
     */
    record RestoredToFile(Path target, Path previousFile, List<Path> setAside, Map<String, Long> rowCounts,
                          boolean checksumVerified, boolean countsVerified, long foreignKeyViolations,
                          List<String> warnings) implements RestoreOutcome {
        public RestoredToFile {
            setAside = List.copyOf(setAside);
            rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A dump saved as a file, its SHA-256 checked.
     *
     * @param fromArchive true when it is a member of a weekly archive, checked against the archive's manifest
     * @param previousFile where a replaced file was kept, or null
     */
    record ExportedToFile(Path file, String sha256, long bytes, Path previousFile, boolean fromArchive)
            implements RestoreOutcome {
    }

    /**
     * A dump imported into a D1 database.
     *
     * @param sentAt when Patina started sending the file: a Time Travel timestamp from just before the import
     */
    record ImportedToD1(String database, String databaseId, long statements, String bookmark, Instant sentAt,
                        long checkedStatements, long sqlBytes, List<String> tables) implements RestoreOutcome {
        public ImportedToD1 {
            tables = List.copyOf(tables);
        }
    }

    /** Nothing was done: the target may not be written (a file Patina reads, say), or the request is wrong. */
    record RestoreRefused(String reason) implements RestoreOutcome {
    }

    /**
     * Stopped by the caller; nothing local is left behind.
     *
     * @param sentToD1 when the file had already been sent to D1 (which then finishes the import), else null
     */
    record RestoreCancelled(Instant sentToD1) implements RestoreOutcome {
    }

    /**
     * Failed; nothing local is left behind.
     *
     * @param sentToD1     when the file had been sent to D1 before it failed, else null
     * @param d1RanNothing D1 said it ran nothing of the file
     */
    record RestoreFailed(Throwable error, Instant sentToD1, boolean d1RanNothing) implements RestoreOutcome {
    }
}
