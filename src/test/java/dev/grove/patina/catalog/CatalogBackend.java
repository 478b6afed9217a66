package dev.grove.patina.catalog;

import java.time.Clock;

/**
 * Where a catalog contract test's catalog lives: a local SQLite file ({@link SqliteCatalogBackend}) or a cluster's
 * PostgreSQL ({@link PostgresCatalogBackend}). Every {@link #open} reaches the same rows, as two processes (or two
 * nodes) opening one catalog do.
 */
interface CatalogBackend extends AutoCloseable {
    /** Opens a catalog on this backend's rows. */
    Catalog open(Clock clock);

    /**
     * The node name the catalogs of {@link #open} record on the runs they start: null on SQLite (a stand-alone
     * process records none, ADR 0034), a cluster node's name on PostgreSQL.
     */
    default String node() {
        return null;
    }

    /** Whether any process or node holds the run lock of {@code runId} (looked at from outside the catalog). */
    boolean runLockHeld(String runId);

    @Override
    void close();
}
