package dev.grove.patina.model;

import java.time.Duration;
import java.util.Map;

/**
 * The result of one database within a run.
 *
 * @param status    OK or FAILED
 * @param objectKey the stored object's key, null when nothing was stored
 * @param rowCounts rows per table in the dump
 * @param bytes     size of the stored object
 * @param error     what went wrong, for the operator (never a secret), null when OK
 * @param schemaChange what changed in the database's schema since its previous backup ("column users.email
 *                  dropped, index users_big added"), null when nothing did or nothing could be compared
 */
public record DatabaseOutcome(String database, RunStatus status, String objectKey, Map<String, Long> rowCounts,
                              long bytes, Duration duration, String error, String schemaChange) {
    public DatabaseOutcome {
        rowCounts = rowCounts == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(rowCounts));
    }

    /** An outcome that says nothing about the schema. */
    public DatabaseOutcome(String database, RunStatus status, String objectKey, Map<String, Long> rowCounts,
                           long bytes, Duration duration, String error) {
        this(database, status, objectKey, rowCounts, bytes, duration, error, null);
    }

    /** Rows of the database's tables ({@code sqlite_sequence}'s bookkeeping rows not counted). */
    public long rows() {
        return rowCounts.entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
