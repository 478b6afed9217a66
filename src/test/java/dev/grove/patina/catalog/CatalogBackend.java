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
     * Opens a catalog on this backend's rows as the process that runs there opens it: on PostgreSQL as the cluster
     * node {@link #node()}; on SQLite as a stand-alone process, which names no node (ADR 0034).
     */
    default Catalog openAsNode(Clock clock) {
        return open(clock);
    }

    /** The node name the catalogs of {@link #openAsNode} record: null on SQLite, a node's name on PostgreSQL. */
    default String node() {
        return null;
    }

    /** Whether any process or node holds the run lock of {@code runId} (looked at from outside the catalog). */
    boolean runLockHeld(String runId);

    @Override
    void close();
}
