package dev.grove.patina.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The local SQLite catalog: its one JDBC connection and its lock. Opening it upgrades the schema through the
 * versioned migrations.
 *
 * <p><b>Why one connection.</b> One catalog is shared by the backup's parallel database jobs, the scheduler and the
 * console. It holds a single JDBC connection guarded by one lock, and every call runs as one transaction under that
 * lock. SQLite admits one writer at a time anyway, the catalog's writes are a few small rows per database per run,
 * and its reads are indexed and take milliseconds, so a pool would add connections that wait on each other's locks
 * (and {@code SQLITE_BUSY} between them) without adding throughput; a single connection also makes every call
 * trivially consistent. WAL mode still lets another process (the CLI beside the running app) read while this one
 * writes, and the busy timeout makes a writer wait for the other's write instead of failing.
 */
final class SqliteCatalogLink implements CatalogLink {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Connection connection;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private SqliteCatalogLink(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating it and its folder when missing) and upgrades the catalog at {@code path}, already normalised.
     *
     * @throws CatalogTooNewException when the file was written by a newer Patina
     * @throws CatalogException       when the file cannot be opened, is not a catalog, or an upgrade fails
     */
    static SqliteCatalogLink open(Path path, Migrations migrations) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
        } catch (IOException e) {
            throw new CatalogException("catalog " + path + ": cannot create its folder: " + e, e);
        }
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            // FULL: a recorded backup survives a power cut too; the catalog writes a few rows per run
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.enforceForeignKeys(true);
            config.enableLoadExtension(false);
            c = DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
            new SchemaUpgrader(path, migrations).upgrade(c);
            try (Statement s = c.createStatement()) {
                // only now that the file is known to be a catalog: WAL is a persistent change of the file
                s.execute("PRAGMA journal_mode = WAL");
                // what SQLite advises for long-lived connections: refresh stale planner statistics (bounded work)
                s.execute("PRAGMA optimize = 0x10002");
            }
            return new SqliteCatalogLink(path, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new CatalogException("catalog " + path + " cannot be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Runs {@code work} in a write transaction ({@code BEGIN IMMEDIATE}). */
    @Override
    public <T> T write(String what, SqlWork<T> work) {
        return inTransaction("BEGIN IMMEDIATE", what, work);
    }

    /** Reads in a (deferred) transaction, so that a count and its page see the same rows. */
    @Override
    public <T> T read(String what, SqlWork<T> work) {
        return inTransaction("BEGIN", what, work);
    }

    @Override
    public CatalogDialect dialect() {
        return CatalogDialect.SQLITE;
    }

    @Override
    public String location() {
        return file.toString();
    }

    /**
     * Closes the connection, running {@code beforeClose} first under the lock (once); calls after this throw
     * {@link IllegalStateException}.
     */
    @Override
    public void close(Runnable beforeClose) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            beforeClose.run();
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA optimize"); // refreshes the planner's statistics when they are stale
            } catch (SQLException ignored) {
                // an optimisation only; closing matters
            }
            try {
                connection.close();
            } catch (SQLException e) {
                throw new CatalogException("catalog " + file + ": closing failed: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T inTransaction(String begin, String what, SqlWork<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("catalog " + file + " is closed");
            }
            execute(begin);
            try {
                T result = work.run(connection);
                execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                throw e;
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog " + file + ": " + what + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly(Exception failure) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the open failure is what the operator needs to see
            }
        }
    }
}
