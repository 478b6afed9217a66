package dev.grove.patina.dump;

/** The kinds of statement that {@link RestoreGuard} lets through to a restore. */
public enum StatementKind {
    /** {@code CREATE TABLE}. */
    CREATE_TABLE,
    /** {@code CREATE VIRTUAL TABLE} with an allowed module (fts3, fts4, fts5, rtree, rtree_i32, geopoly). */
    CREATE_VIRTUAL_TABLE,
    /** {@code CREATE [UNIQUE] INDEX}. */
    CREATE_INDEX,
    /** {@code CREATE VIEW}. */
    CREATE_VIEW,
    /** {@code CREATE TRIGGER}. */
    CREATE_TRIGGER,
    /** {@code INSERT INTO t [(columns)] VALUES (literals)…}. */
    INSERT,
    /** Patina's big-row form {@code UPDATE t SET c = c || X'…' WHERE …}. */
    UPDATE_APPEND,
    /** {@code DELETE FROM sqlite_sequence;}. */
    DELETE_SEQUENCE,
    /** One of the few allowed pragmas. */
    PRAGMA,
    /** BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE: the restore runs its own transaction and skips these. */
    TRANSACTION_CONTROL,
    /** {@code ANALYZE sqlite_schema} or an insert into sqlite_stat1/sqlite_stat4: the restore skips these. */
    STATISTICS
}
