package dev.grove.patina.dump;

import java.util.Map;

/**
 * What a finished dump contains.
 *
 * @param rowCounts  rows per dumped table, in dump order (virtual tables and {@code sqlite_sequence} included)
 * @param bytes      size of the SQL text including the footer
 * @param sha256     hex SHA-256 of everything above the footer line
 * @param statements number of SQL statements written
 * @param schema     the schema's statements (CREATE TABLE, virtual tables, indexes, views, triggers) exactly as the
 *                   dump holds them, in its order: what the catalog records so that a schema comparison reads no dump
 */
public record DumpSummary(DumpHeader header, Map<String, Long> rowCounts, long bytes, String sha256,
                          long statements, java.util.List<String> schema) {
    public DumpSummary {
        rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
        schema = schema == null ? java.util.List.of() : java.util.List.copyOf(schema);
    }

    /** Rows of the dumped tables ({@code sqlite_sequence}'s bookkeeping rows not counted). */
    public long totalRows() {
        return rowCounts.entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
