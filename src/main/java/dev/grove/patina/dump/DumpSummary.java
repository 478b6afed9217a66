package dev.grove.patina.dump;

import java.util.Map;

/**
 * What a finished dump contains.
 *
 * @param rowCounts  rows per dumped table, in dump order (virtual tables and {@code sqlite_sequence} included)
 * @param bytes      size of the SQL text including the footer
 * @param sha256     hex SHA-256 of everything above the footer line
 * @param statements number of SQL statements written
 */
public record DumpSummary(DumpHeader header, Map<String, Long> rowCounts, long bytes, String sha256,
                          long statements) {
    public DumpSummary {
        rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
    }

    /** Rows of the dumped tables ({@code sqlite_sequence}'s bookkeeping rows not counted). */
    public long totalRows() {
        return rowCounts.entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
