package dev.grove.patina.catalog;

import dev.grove.patina.schedule.cluster.ClusterDatabase;
import dev.grove.patina.schedule.cluster.ClusterPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The catalog contract on the cluster suite's real PostgreSQL ({@code .ci/cluster/start-postgres.sh}; the tests FAIL
 * without it). One {@link Server} per test class: a database of its own, migrated by Flyway as a node's start does;
 * each test gets the catalog tables emptied ({@link Server#fresh()}).
 */
final class PostgresCatalogBackend implements CatalogBackend {
    /** Every catalog table, emptied between tests. */
    static final String TABLES = "runs, database_results, schemas, objects, run_log, run_puts, object_copies, "
            + "verifications, object_chains";

    private final Server server;

    private PostgresCatalogBackend(Server server) {
        this.server = server;
    }

    @Override
    public Catalog open(Clock clock) {
        return Catalog.openCluster(server.db.dataSource(), server.db.schema(), server.db.hostPort(), clock);
    }

    @Override
    public Catalog openAsNode(Clock clock) {
        return Catalog.openCluster(server.db.dataSource(), server.db.schema(), server.db.hostPort(), clock, NODE);
    }

    /** The node the contract's cluster catalogs are opened as. */
    static final String NODE = "node-a";

    @Override
    public String node() {
        return NODE;
    }

    @Override
    public boolean runLockHeld(String runId) {
        try (Connection c = server.pg.connect(); PreparedStatement ps = c.prepareStatement(PostgresRunLocks.HELD)) {
            ps.setLong(1, PostgresRunLocks.key(runId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }

    /** A test class's PostgreSQL database with the cluster's schema (Flyway V1–V4). */
    static final class Server implements AutoCloseable {
        final ClusterPostgres pg;
        final ClusterDatabase db;

        private Server(ClusterPostgres pg, ClusterDatabase db) {
            this.pg = pg;
            this.db = db;
        }

        static Server start() throws Exception {
            ClusterPostgres pg = ClusterPostgres.fromEnvFile();
            pg.createDatabase();
            try {
                return new Server(pg, ClusterDatabase.open(pg.clusterConfig("contract")));
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
        }

        /** The catalog tables emptied, ids restarted: a fresh catalog. */
        CatalogBackend fresh() {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + TABLES.replaceAll("(\\w+)", db.schema() + ".$1") + " RESTART IDENTITY");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return new PostgresCatalogBackend(this);
        }

        @Override
        public void close() throws Exception {
            try {
                db.close();
            } finally {
                pg.close();
            }
        }
    }
}
