package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The catalog in a cluster's PostgreSQL (ADR 0020): the tables of Flyway's V3 and V4 ({@code db/cluster}) in one
 * schema, reached through the node's connection pool, one pooled connection per call. Every node of the cluster writes
 * here, so calls run concurrently: writes in READ COMMITTED (each is a few single-row statements or upserts, whose
 * conflicts PostgreSQL resolves), reads in a read-only REPEATABLE READ snapshot (a count and its page agree).
 *
 * <p>The link does not own the pool (the cluster database does) and does not migrate: it checks, on opening, that
 * the schema holds the catalog version this code reads and writes ({@link #VERSION_TABLE}), and refuses another,
 * naming both.
 */
final class PostgresCatalogLink implements CatalogLink {
    /** One row: the SQLite catalog version ({@link Migrations#latest()}) the PostgreSQL tables are equivalent to. */
    static final String VERSION_TABLE = "catalog_version";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource pool;
    private final String schema;
    private final String where;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How a call waits out a lost PostgreSQL; none while opening (a node that cannot read it at start stops). */
    private volatile LostConnectionRetry retry = LostConnectionRetry.NONE;

    private PostgresCatalogLink(DataSource pool, String schema, String where) {
        this.pool = pool;
        this.schema = schema;
        this.where = where;
    }

    /**
     * Opens the catalog in {@code schema} of the cluster's database and checks its version.
     *
     * @param where    {@code host:port} of the server, for messages (never the password)
     * @param expected the catalog version this code reads and writes
     * @throws CatalogVersionException when the schema holds another catalog version (both named), or none
     * @throws CatalogException        when the server cannot be read
     */
    static PostgresCatalogLink open(DataSource pool, String schema, String where, int expected) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("'" + schema + "' is not a plain PostgreSQL schema name");
        }
        PostgresCatalogLink link = new PostgresCatalogLink(pool, schema, where);
        int found = link.read("reading the catalog version", c -> version(c, link));
        if (found != expected) {
            throw new CatalogVersionException(link.location(), found, expected);
        }
        return link;
    }

    /** From now on, calls that lose their connection are retried as {@code retry} says (issue 17). */
    PostgresCatalogLink retrying(LostConnectionRetry retry) {
        this.retry = retry;
        return this;
    }

    private static int version(Connection c, PostgresCatalogLink link) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + link.schema + "." + VERSION_TABLE + "') IS NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sqlite_version FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Override
    public <T> T write(String what, SqlWork<T> work) {
        return inTransaction(false, what, work);
    }

    @Override
    public <T> T read(String what, SqlWork<T> work) {
        return inTransaction(true, what, work);
    }

    private <T> T inTransaction(boolean readOnly, String what, SqlWork<T> work) {
        LostConnectionRetry r = retry;
        long patience = (readOnly ? r.readsFor() : r.writesFor()).toNanos();
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            if (closed.get()) {
                throw new IllegalStateException("catalog " + location() + " is closed");
            }
            try {
                return once(readOnly, work);
            } catch (SQLException e) {
                java.time.Duration wait = r.wait(attempt);
                if (!LostConnectionRetry.lostConnection(e) || patience <= 0
                        || System.nanoTime() - start + wait.toNanos() > patience) {
                    String after = attempt == 1 ? "" : " (after " + attempt + " attempts over "
                            + (System.nanoTime() - start) / 1_000_000_000L + " s: PostgreSQL is lost)";
                    throw new CatalogException("catalog " + location() + ": " + what + " failed" + after + ": "
                            + firstLine(e), e);
                }
                try {
                    r.sleeper().sleep(wait);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw new CatalogException("catalog " + location() + ": " + what + " failed (stopped while "
                            + "waiting for PostgreSQL): " + firstLine(e), e);
                }
            }
        }
    }

    /** One attempt: one pooled connection, one transaction. */
    private <T> T once(boolean readOnly, SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute((readOnly ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                            : "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; ")
                            + "SET LOCAL search_path TO " + schema);
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    private static String firstLine(SQLException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    @Override
    public void close(Runnable beforeClose) {
        if (closed.compareAndSet(false, true)) {
            beforeClose.run(); // the pool is the cluster database's: it stays open
        }
    }

    @Override
    public CatalogDialect dialect() {
        return CatalogDialect.POSTGRESQL;
    }

    @Override
    public String location() {
        return "postgresql://" + where + " schema " + schema;
    }
}
