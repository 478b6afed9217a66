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
 * @param node      the cluster node that did this database's part of the run (ADR 0034); null when the run's own
 *                  process did it (a stand-alone run, or a run that did not fan out)
 * @param recovered true when the part was run again on {@code node} because the node that ran it first died
 */
public record DatabaseOutcome(String database, RunStatus status, String objectKey, Map<String, Long> rowCounts,
                              long bytes, Duration duration, String error, String schemaChange, String node,
                              boolean recovered) {
    public DatabaseOutcome {
        rowCounts = rowCounts == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(rowCounts));
    }

    /** An outcome of the run's own process (no node recorded). */
    public DatabaseOutcome(String database, RunStatus status, String objectKey, Map<String, Long> rowCounts,
                           long bytes, Duration duration, String error, String schemaChange) {
        this(database, status, objectKey, rowCounts, bytes, duration, error, schemaChange, null, false);
    }

    /** This outcome as done by {@code node} (null: none recorded), {@code recovered} or not. */
    public DatabaseOutcome onNode(String node, boolean recovered) {
        return new DatabaseOutcome(database, status, objectKey, rowCounts, bytes, duration, error, schemaChange, node,
                recovered);
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
