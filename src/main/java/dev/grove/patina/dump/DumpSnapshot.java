package dev.grove.patina.dump;

import java.util.List;

/**
 * One consistent, read-only view of a database: everything read through it reflects the same moment. A SQLite
 * file snapshot is one read transaction; a D1 snapshot is built by its source.
 */
public interface DumpSnapshot extends AutoCloseable {
    /**
     * The SQLite library version that serves the snapshot, e.g. {@code 3.54.1}; where the source will not tell, a
     * short text saying so (D1 refuses {@code sqlite_version()}: {@code unknown (D1 refuses sqlite_version())}).
     */
    String sqliteVersion() throws Exception;

    long userVersion() throws Exception;

    long applicationId() throws Exception;

    /** The file's page size, recorded in the dump's header for the restore; null where there is no file (D1). */
    default Integer pageSize() throws Exception {
        return null;
    }

    /** Rows of {@code sqlite_schema} in creation (rowid) order, including internal ones; the writer filters. */
    List<SchemaEntry> schema() throws Exception;

    /** Names of tables SQLite keeps for virtual tables (FTS shadow tables), which are never dumped. */
    List<String> shadowTables() throws Exception;

    /** Describes one table (ordinary or virtual). */
    TableShape describe(String table) throws Exception;

    /** Opens a cursor over every row of {@code shape}'s table, columns as {@link TableShape#dumpColumns()}. */
    RowCursor rows(TableShape shape) throws Exception;

    /**
     * Opens a cursor over the rows of {@code shape}'s rowid table whose rowid is in {@code [from, to]} (a part of a
     * table for digests computed on several connections, ADR 0028), or null when this snapshot cannot.
     */
    default RowCursor rowidRange(TableShape shape, long from, long to) throws Exception {
        return null;
    }

    /** The smallest and largest rowid of {@code shape}'s rowid table, or null when empty or not supported. */
    default long[] rowidBounds(TableShape shape) throws Exception {
        return null;
    }

    /**
     * Which reader reads the rows of {@code tables}, for the dump's header ({@code reader}); null for the default
     * reader, whose dumps carry no {@code reader} field.
     */
    default String reader(List<TableShape> tables) {
        return null;
    }

    @Override
    void close() throws Exception;
}
