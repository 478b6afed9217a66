package dev.grove.patina.dump;

import java.util.Map;

/**
 * What a finished differential holds (ADR 0016).
 *
 * @param footer the footer written: per table the rows and digest of the result, and what changed
 * @param bytes  size of the SQL text including the footer
 * @param sha256 hex SHA-256 of everything above the footer line
 */
public record DiffSummary(DiffHeader header, DiffFooter footer, long bytes, String sha256) {
    /** Rows per table of the database as read (the result a restore must give back). */
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        footer.result().forEach((table, digest) -> counts.put(table, digest.rows()));
        return counts;
    }

    /** Rows added, changed and removed in all tables. */
    public long[] changeTotals() {
        long[] t = new long[3];
        for (long[] c : footer.changes().values()) {
            for (int i = 0; i < 3; i++) {
                t[i] += c[i];
            }
        }
        return t;
    }
}
