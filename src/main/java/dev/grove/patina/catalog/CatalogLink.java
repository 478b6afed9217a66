package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the catalog's rows live, and how a call reaches them: one transaction per call. Two links exist: the local
 * SQLite file of the desktop and of a single daemon ({@link SqliteCatalogLink}, the default), and the cluster's
 * PostgreSQL ({@link PostgresCatalogLink}, with {@code [cluster]}, ADR 0020). The record classes write their SQL once;
 * the few places where the two databases differ ask {@link #dialect()}.
 */
interface CatalogLink {
    /** Work on the connection inside a transaction. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work on the connection inside a transaction that returns nothing. */
    @FunctionalInterface
    interface SqlAction {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a write transaction; a failure rolls it back and becomes a {@link CatalogException}. */
    <T> T write(String what, SqlWork<T> work);

    /** Runs {@code work} in a write transaction. */
    default void update(String what, SqlAction work) {
        write(what, c -> {
            work.run(c);
            return null;
        });
    }

    /** Reads in a transaction that sees one snapshot, so that a count and its page see the same rows. */
    <T> T read(String what, SqlWork<T> work);

    /**
     * Closes the link, running {@code beforeClose} first (once); calls after this throw
     * {@link IllegalStateException}.
     */
    void close(Runnable beforeClose);

    /** The SQL differences of this link's database. */
    CatalogDialect dialect();

    /** Where the catalog is, for messages: the file, or {@code postgresql://host:port schema s}. */
    String location();
}
