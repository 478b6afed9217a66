package dev.grove.patina.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run locks of a cluster's catalog ({@link RunLocks}): a PostgreSQL session-level advisory lock per running run,
 * keyed by the first 64 bits of the SHA-256 of its id, held on one pooled connection this catalog keeps for its
 * whole life (closing unlocks them all: the pool keeps the session). The server releases a session's advisory locks
 * when the session ends — the node was killed, crashed or lost its network — so any node that finds a running row
 * whose lock no session holds knows the run is dead. Testing reads {@code pg_locks} (it takes nothing).
 */
final class PostgresRunLocks implements RunLocks {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunLocks.class);
    /** Is the advisory lock of this key granted to any session? (a bigint key is classid·2³² + objid, objsubid 1) */
    static final String HELD = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted "
            + "AND ((classid::bigint << 32) | objid::bigint) = ?";

    private final DataSource pool;
    private final String where;
    /** The session holding this catalog's run locks; opened at the first run. Guarded by {@code this}. */
    private Connection holder;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    PostgresRunLocks(DataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    @Override
    public synchronized void acquire(String runId) {
        try {
            Connection c = holder();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key(runId));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new CatalogException("cannot take the run lock of " + runId + " in the catalog at "
                                + where + ": another session holds it");
                    }
                }
            }
            held.add(runId);
        } catch (SQLException e) {
            throw new CatalogException("cannot take the run lock of " + runId + " in the catalog at " + where + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void release(String runId) {
        if (!held.remove(runId) || holder == null) {
            return;
        }
        try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key(runId));
            ps.executeQuery().close();
        } catch (SQLException e) {
            // the session is broken: the server has ended it, and its locks with it
            LOG.debug("could not release the run lock of {}: {}", runId, e.toString());
        }
    }

    @Override
    public synchronized void releaseAll() {
        held.clear();
        if (holder != null) {
            try (Statement s = holder.createStatement()) {
                // the connection goes back to the pool, its session lives on: release its locks first
                s.execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException e) {
                LOG.debug("releasing the run locks: {}", e.toString());
            }
            try {
                holder.close();
            } catch (SQLException e) {
                LOG.debug("closing the run lock session: {}", e.toString());
            }
            holder = null;
        }
    }

    /**
     * After PostgreSQL was lost and is back (issue 17): when the session holding the run locks ended with the
     * outage, takes the locks of the runs still running here again on a new session, so that no other node takes
     * them for dead runs of a dead node.
     */
    @Override
    public synchronized int retake() {
        if (held.isEmpty()) {
            return 0;
        }
        try {
            if (holder != null && holder.isValid(2)) {
                return 0;
            }
        } catch (SQLException e) {
            // broken: taken again below
        }
        dropHolder();
        int again = 0;
        for (String runId : List.copyOf(held)) {
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement ps = holder().prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, key(runId));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            again++;
                        } else {
                            LOG.warn("the run lock of {} is held by another session at {}", runId, where);
                        }
                    }
                    break;
                } catch (SQLException e) {
                    dropHolder(); // the pool may hand out connections the outage broke: try again, 3 times in all
                    if (attempt == 3) {
                        LOG.warn("cannot take the run lock of {} again at {}: {}", runId, where, e.getMessage());
                        return again;
                    }
                }
            }
        }
        return again;
    }

    private void dropHolder() {
        if (holder != null) {
            try {
                holder.close();
            } catch (SQLException e) {
                LOG.debug("closing the broken run lock session: {}", e.toString());
            }
            holder = null;
        }
    }

    @Override
    public boolean holds(String runId) {
        return held.contains(runId);
    }

    @Override
    public boolean isAlive(String runId) {
        if (held.contains(runId)) {
            return true;
        }
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(HELD)) {
            ps.setLong(1, key(runId));
            try (ResultSet rs = ps.executeQuery()) {
                boolean alive = rs.next();
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                return alive;
            }
        } catch (SQLException e) {
            LOG.warn("cannot test the run lock of {} in the catalog at {}: {}; the run counts as alive", runId, where,
                    e.toString());
            return true;
        }
    }

    private Connection holder() throws SQLException {
        if (holder == null || holder.isClosed()) {
            Connection c = pool.getConnection();
            c.setAutoCommit(true); // session locks; no transaction left open for the run's life
            holder = c;
        }
        return holder;
    }

    /** The advisory lock key of a run: the first 64 bits of the SHA-256 of its id. */
    static long key(String runId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xFF);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
