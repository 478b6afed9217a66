package dev.grove.patina.dump;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful restore.
 *
 * @param header               the dump's header, null for a dump not written by Patina
 * @param rowCounts            rows per restored table, counted in the restored file
 * @param checksumVerified     the footer's SHA-256 matched the file
 * @param countsVerified       every restored table's row count matched the footer
 * @param foreignKeyViolations rows {@code PRAGMA foreign_key_check} reports (copied as they were in the dump)
 * @param previousFile         where a replaced target was kept ({@code <target>.bak}, {@code .bak.1}, …), or null
 * @param setAside             leftover {@code -wal}/{@code -journal}/{@code -shm} files of a missing or empty target,
 *                             at the names they were kept under ({@code <name>.stray-<time>})
 */
public record RestoreReport(Path target, DumpHeader header, Map<String, Long> rowCounts, boolean checksumVerified,
                            boolean countsVerified, long statements, long skippedStatements,
                            long foreignKeyViolations, List<String> warnings, Path previousFile, List<Path> setAside,
                            Duration elapsed) {
    public RestoreReport {
        rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
        warnings = List.copyOf(warnings);
        setAside = List.copyOf(setAside);
    }
}
