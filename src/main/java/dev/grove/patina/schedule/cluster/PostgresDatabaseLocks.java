package dev.grove.patina.schedule.cluster;

import dev.grove.patina.backup.NodeLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-database backup lock across a cluster's nodes ({@link NodeLocks}, ADR 0024): a PostgreSQL session-level
 * advisory lock in its two-key form, {@code pg_try_advisory_lock(}{@value #CLASS_ID}{@code , objid)}, where
 * {@code objid} is the first 31 bits of the SHA-256 of the database's name. The two-key form is kept apart from the
 * one-key (bigint) locks the catalog takes for whole runs ({@code PostgresRunLocks}) and Flyway takes for migrations:
 * PostgreSQL marks them {@code objsubid = 2} and {@code 1} in {@code pg_locks}, so they never meet. Two names that
 * share an {@code objid} (about 1 in 2³¹ per pair) only make their backups take turns.
 *
 * <p>The locks are held on one pooled connection this object keeps for its life, named
 * {@code "patina node <node>"} ({@code application_name}), so another node can name the holder from
 * {@code pg_locks} and {@code pg_stat_activity}. The server releases them when that session ends: the node was
 * killed, crashed or lost its network. The password never reaches a message.
 */
public final class PostgresDatabaseLocks implements NodeLocks, AutoCloseable {
    /** The advisory lock class of Patina's per-database locks ("PDLK"). */
    public static final int CLASS_ID = 0x50444C4B;
    /** The advisory lock class of the cluster's heartbeat turn ("PHBT"), second key 0. */
    public static final int HEARTBEAT_CLASS_ID = 0x50484254;
    /** What the holding session's {@code application_name} starts with; the node's name follows. */
    static final String APPLICATION_PREFIX = "patina node ";
    static final String HOLDER = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            + "WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted AND l.classid::bigint = ? "
            + "AND l.objid::bigint = ? AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabaseLocks.class);

    private final ClusterDatabase db;
    private final String node;
    /** The session holding this node's database locks; opened at the first. Guarded by {@code this}. */
    private Connection session;
    /** The databases whose lock this object holds. Guarded by {@code this}. */
    private final Set<String> held = new HashSet<>();
    private boolean closed;
    /** This node holds the heartbeat's turn (on {@link #session}). Guarded by {@code this}. */
    private boolean heartbeat;

    public PostgresDatabaseLocks(ClusterDatabase db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public synchronized NodeLock tryTake(String database) throws IOException {
        if (closed) {
            throw new IOException("cannot take the cluster lock of database " + database + ": this node's locks at "
                    + db.hostPort() + " are closed");
        }
        if (held.contains(database)) {
            return null; // a session's advisory locks stack: this node's other holder keeps it busy
        }
        try {
            boolean taken;
            try {
                taken = take(session(), database);
            } catch (SQLException first) {
                // the session broke (the server restarted, the network dropped): its locks are gone with it
                if (!held.isEmpty()) {
                    LOG.warn("the cluster session holding the locks of {} broke: {}", held, first.getMessage());
                    held.clear();
                }
                dropSession();
                taken = take(session(), database);
            }
            if (!taken) {
                return null;
            }
            held.add(database);
            return () -> release(database);
        } catch (SQLException e) {
            dropSession();
            throw new IOException("cannot take the cluster lock of database " + database + " at " + db.hostPort()
                    + ": " + ClusterDatabase.reason(e, ""), e);
        }
    }

    private static boolean take(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, CLASS_ID);
            ps.setInt(2, objid(database));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * After PostgreSQL was lost and is back (issue 17): when the session holding this node's database locks ended
     * with the outage, takes the locks of the backups still running here again on a new session, so that no other
     * node starts one of them meanwhile. A lock another node took in between is logged and left to it.
     *
     * @return the databases whose lock was taken again
     */
    public synchronized java.util.List<String> retake() {
        if (closed || held.isEmpty()) {
            return java.util.List.of();
        }
        try {
            if (session != null && session.isValid(2)) {
                return java.util.List.of(); // the session lived through it: its locks too
            }
        } catch (SQLException e) {
            // broken: taken again below
        }
        boolean turn = heartbeat;
        dropSession();
        java.util.List<String> again = new java.util.ArrayList<>();
        for (String database : java.util.List.copyOf(held)) {
            try {
                boolean taken;
                try {
                    taken = take(session(), database);
                } catch (SQLException first) {
                    dropSession(); // the pool may hand out one more connection the outage broke: one more try
                    taken = take(session(), database);
                }
                if (taken) {
                    again.add(database);
                } else {
                    held.remove(database);
                    LOG.warn("the cluster lock of {} was taken by another node while {} was lost; the backup "
                            + "running here goes on (the stores' rules keep an object whole)", database,
                            db.hostPort());
                }
            } catch (SQLException e) {
                LOG.warn("cannot take the cluster lock of {} again at {}: {}", database, db.hostPort(),
                        ClusterDatabase.reason(e, ""));
                dropSession();
                return again;
            }
        }
        if (turn) {
            LOG.info("this node ({}) asks for the heartbeat's turn again at its next ping", node);
        }
        return again;
    }

    private synchronized void release(String database) {
        if (!held.remove(database) || session == null) {
            return;
        }
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, CLASS_ID);
            ps.setInt(2, objid(database));
            ps.executeQuery().close();
        } catch (SQLException e) {
            // the session is broken: the server ended it, and its locks with it
            LOG.debug("could not release the cluster lock of {}: {}", database, e.toString());
            dropSession();
        }
    }

    /**
     * Whether this node sends the cluster's heartbeat now (issue 17: once per cluster, not once per node). The node
     * whose session holds the advisory lock ({@value #HEARTBEAT_CLASS_ID}, 0) sends it; it keeps the lock for its
     * life, so the turn does not wander between nodes. When that node dies its session ends and the lock with it:
     * the next node to ask takes the turn. Never throws: a node that cannot reach PostgreSQL does not send.
     */
    public synchronized boolean heartbeatTurn() {
        if (closed) {
            return false;
        }
        try {
            return takeHeartbeat(session());
        } catch (SQLException first) {
            if (!held.isEmpty() || heartbeat) {
                LOG.warn("the cluster session holding the locks of {} broke: {}", held, first.getMessage());
                held.clear();
            }
            heartbeat = false;
            dropSession();
            try {
                return takeHeartbeat(session());
            } catch (SQLException e) {
                dropSession();
                LOG.warn("cannot ask {} whose turn the heartbeat is: {}", db.hostPort(),
                        ClusterDatabase.reason(e, ""));
                return false;
            }
        }
    }

    /**
     * This node is unhealthy (ADR 0036): if it holds the heartbeat's turn it lets the lock go, so that a healthy node
     * takes the turn at its next ping. Never throws: a broken session has lost the lock already.
     */
    public synchronized void giveUpHeartbeatTurn() {
        if (!heartbeat || session == null) {
            return;
        }
        heartbeat = false;
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?, 0)")) {
            ps.setInt(1, HEARTBEAT_CLASS_ID);
            ps.executeQuery().close();
            LOG.info("this node ({}) is unhealthy: it gives the cluster's heartbeat turn to a healthy node", node);
        } catch (SQLException e) {
            LOG.debug("could not let the heartbeat's turn go: {}", e.toString());
            dropSession(); // its locks end with it
        }
    }

    private boolean takeHeartbeat(Connection c) throws SQLException {
        boolean taken;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
            ps.setInt(1, HEARTBEAT_CLASS_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                taken = rs.getBoolean(1);
            }
        }
        if (taken && heartbeat) {
            // held already (the call proved the session alive): advisory locks stack, keep one
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, 0)")) {
                ps.setInt(1, HEARTBEAT_CLASS_ID);
                ps.executeQuery().close();
            }
        } else if (taken) {
            LOG.info("this node ({}) sends the cluster's heartbeat", node);
        }
        heartbeat = taken;
        return taken;
    }

    @Override
    public Optional<String> holder(String database) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(HOLDER)) {
            ps.setLong(1, CLASS_ID);
            ps.setLong(2, objid(database));
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<String> name = Optional.empty();
                if (rs.next()) {
                    String app = rs.getString(1);
                    name = Optional.ofNullable(app).filter(a -> a.startsWith(APPLICATION_PREFIX))
                            .map(a -> a.substring(APPLICATION_PREFIX.length()));
                }
                c.rollback();
                return name;
            }
        } catch (SQLException e) {
            LOG.debug("cannot find who holds the cluster lock of {}: {}", database, e.toString());
            return Optional.empty();
        }
    }

    /** Releases every lock this node holds and gives the session back to the pool. */
    @Override
    public synchronized void close() {
        closed = true;
        held.clear();
        heartbeat = false;
        if (session != null) {
            try (Statement s = session.createStatement()) {
                // the connection goes back to the pool, its session lives on: release its locks, drop its name
                s.execute("SELECT pg_advisory_unlock_all()");
                s.execute("RESET application_name");
            } catch (SQLException e) {
                LOG.debug("releasing the cluster's database locks: {}", e.toString());
            }
            dropSession();
        }
    }

    private Connection session() throws SQLException {
        if (session == null || session.isClosed()) {
            Connection c = db.connection();
            try {
                c.setAutoCommit(true); // session locks; no transaction left open while a backup runs
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                    ps.setString(1, APPLICATION_PREFIX + node);
                    ps.executeQuery().close();
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            session = c;
        }
        return session;
    }

    private void dropSession() {
        heartbeat = false; // a session's locks end with it
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debug("closing the cluster lock session: {}", e.toString());
            }
            session = null;
        }
    }

    /** The second key of a database's lock: the first 31 bits of the SHA-256 of its name (never negative). */
    static int objid(String database) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
            int k = ((d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
            return k & 0x7FFFFFFF;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
