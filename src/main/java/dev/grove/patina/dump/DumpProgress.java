package dev.grove.patina.dump;

/** Receives progress of a running dump; called on the dumping thread, so implementations must be quick. */
@FunctionalInterface
public interface DumpProgress {
    DumpProgress NONE = (table, tableRows, totalRows, bytes) -> { };

    /** Called at the start of each table, every few thousand rows, and at the end ({@code table} null). */
    void update(String table, long tableRows, long totalRows, long bytesWritten);
}
