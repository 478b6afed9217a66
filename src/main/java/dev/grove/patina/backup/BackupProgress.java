package dev.grove.patina.backup;

import dev.grove.patina.model.DatabaseOutcome;

/**
 * Live progress of a run, called from the backup threads (several at once): implementations must be thread-safe
 * and quick. The console moves these events onto the FX thread in one place; the CLI prints lines.
 */
public interface BackupProgress {
    BackupProgress NONE = new BackupProgress() {
    };

    default void started(String database) {
    }

    /** A cluster nightly handed {@code database}'s part to the cluster's queue; no node runs it yet (ADR 0036). */
    default void queued(String database) {
    }

    /** A cluster nightly's part of {@code database} runs on node {@code node} (ADR 0036). */
    default void runningOn(String database, String node) {
        started(database);
    }

    default void progress(String database, long rows, long bytes) {
    }

    default void finished(DatabaseOutcome outcome) {
    }

    /**
     * True once whoever started the run asked it to stop (the scheduler's cancel). The run also stops on a thread
     * interrupt; this flag is what survives a library that swallows the interrupt, and is checked between steps.
     */
    default boolean stopRequested() {
        return false;
    }
}
