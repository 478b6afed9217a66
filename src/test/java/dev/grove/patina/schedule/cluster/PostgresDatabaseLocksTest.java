package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.DatabaseLocks;
import dev.grove.patina.backup.NodeLocks;
import java.nio.channels.FileLockInterruptionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The per-database lock across nodes (issue 17, ADR 0024) on a real PostgreSQL: two nodes, each with its own pool
 * and session; the second is refused while the first holds a database, learns who holds it, and gets it once the
 * first releases it or its session dies abruptly ({@code pg_terminate_backend}, as a killed node's would).
 */
@Tag("cluster")
class PostgresDatabaseLocksTest {
    private ClusterPostgres pg;
    private ClusterDatabase dbA;
    private ClusterDatabase dbB;
    private PostgresDatabaseLocks nodeA;
    private PostgresDatabaseLocks nodeB;

    @BeforeEach
    void open() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        dbA = ClusterDatabase.open(pg.clusterConfig("node-a"));
        dbB = ClusterDatabase.open(pg.clusterConfig("node-b"));
        nodeA = new PostgresDatabaseLocks(dbA, "node-a");
        nodeB = new PostgresDatabaseLocks(dbB, "node-b");
    }

    @AfterEach
    void close() throws Exception {
        nodeA.close();
        nodeB.close();
        dbA.close();
        dbB.close();
        pg.close();
    }

    @Test
    void theSecondNodeIsRefusedWhileTheFirstHoldsTheDatabaseAndNamesTheHolder() throws Exception {
        NodeLocks.NodeLock shop = nodeA.tryTake("shop");
        assertNotNull(shop);
        assertNull(nodeB.tryTake("shop"), "node-b must not take shop while node-a backs it up");
        assertNull(nodeA.tryTake("shop"), "node-a's session must not hand shop out twice");
        assertEquals(Optional.of("node-a"), nodeB.holder("shop"));
        NodeLocks.NodeLock blog = nodeB.tryTake("blog");
        assertNotNull(blog, "another database is free");
        assertEquals(Optional.of("node-b"), nodeA.holder("blog"));

        shop.close();
        assertEquals(Optional.empty(), nodeB.holder("shop"));
        NodeLocks.NodeLock again = nodeB.tryTake("shop");
        assertNotNull(again, "released: node-b takes it");
        again.close();
        blog.close();
    }

    @Test
    void aLockIsReleasedWhenItsSessionDiesAbruptly() throws Exception {
        assertNotNull(nodeA.tryTake("shop"));
        assertNull(nodeB.tryTake("shop"));
        // kill node-a's lock session on the server, as a kill -9 or a lost network would end it
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) "
                + "FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, "patina node node-a");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next() && rs.getBoolean(1), "node-a's lock session was found and ended");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        NodeLocks.NodeLock taken = nodeB.tryTake("shop");
        while (taken == null && System.nanoTime() < deadline) {
            Thread.sleep(100); // the server frees the locks as the backend exits
            taken = nodeB.tryTake("shop");
        }
        assertNotNull(taken, "node-b takes shop once node-a's session is gone");
        // node-a's own state recovers: it opens a new session for its next lock, and is refused shop (node-b has it)
        assertNull(nodeA.tryTake("shop"));
        NodeLocks.NodeLock other = nodeA.tryTake("blog");
        assertNotNull(other);
        other.close();
        taken.close();
    }

    /** PostgreSQL lost and back (issue 17, ADR 0031): the node takes the locks of its running backups back. */
    @Test
    void afterItsSessionEndedTheNodeTakesItsRunningBackupsLocksBack() throws Exception {
        NodeLocks.NodeLock shop = nodeA.tryTake("shop");
        assertNotNull(shop);
        assertEquals(List.of(), nodeA.retake(), "the session lives: nothing to take back");
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) "
                + "FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, "patina node node-a");
            ps.executeQuery().close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (nodeB.holder("shop").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100); // the server frees the locks as the backend exits
        }
        assertEquals(Optional.empty(), nodeB.holder("shop"), "the outage took node-a's lock with its session");
        assertEquals(List.of("shop"), nodeA.retake());
        assertEquals(Optional.of("node-a"), nodeB.holder("shop"), "node-a holds shop again");
        assertNull(nodeB.tryTake("shop"), "so node-b cannot start it meanwhile");
        shop.close();
        assertNotNull(nodeB.tryTake("shop"), "released as before");
    }

    @Test
    void databaseLocksAreApartFromRunLocksOfTheSameNumber() throws Exception {
        long runKey = ((long) PostgresDatabaseLocks.CLASS_ID << 32) | PostgresDatabaseLocks.objid("shop");
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + runKey + ")"); // a run lock (one bigint key) of that very value
            NodeLocks.NodeLock shop = nodeA.tryTake("shop");
            assertNotNull(shop, "the two-key database lock is not the one-key run lock");
            shop.close();
        }
    }

    @Test
    void databaseLocksWaitForAnotherNodeAndACancelEndsTheWait() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        DatabaseLocks onA = new DatabaseLocks(null, nodeA, d -> { });
        DatabaseLocks.Held held = onA.lock("shop");
        DatabaseLocks onB = new DatabaseLocks(null, nodeB, d -> {
            waits.add(d);
            if (waits.size() == 3) {
                held.close(); // node-a's backup ends while node-b waits
            }
        });
        assertNull(onB.tryLock("shop"), "busy on another node: tryLock says so");
        assertFalse(onB.isBusy("shop"), "a refused tryLock leaves nothing held");
        try (DatabaseLocks.Held onBHeld = onB.lock("shop")) {
            assertEquals(3, waits.size(), "node-b waited its turn: " + waits);
            assertTrue(waits.get(1).compareTo(waits.get(0)) > 0, "the waits back off: " + waits);
            assertEquals(Optional.of("node-b"), nodeA.holder("shop"));
        }
        assertEquals(Optional.empty(), nodeA.holder("shop"), "closing the held lock releases the cluster's");

        DatabaseLocks.Held again = onA.lock("shop");
        DatabaseLocks cancelled = new DatabaseLocks(null, nodeB, d -> {
            throw new InterruptedException("cancelled");
        });
        assertThrows(FileLockInterruptionException.class, () -> cancelled.lock("shop"));
        assertTrue(Thread.interrupted(), "the cancel stays visible to the caller");
        assertFalse(cancelled.isBusy("shop"), "a cancelled wait holds nothing");
        again.close();
        NodeLocks.NodeLock free = nodeB.tryTake("shop");
        assertNotNull(free);
        free.close();
    }

    @Test
    void theHeartbeatIsOneNodesTurnUntilThatNodeIsGone() throws Exception {
        assertTrue(nodeA.heartbeatTurn(), "the first node to ask takes the heartbeat's turn");
        assertFalse(nodeB.heartbeatTurn(), "a second node must not send the cluster's heartbeat too");
        assertTrue(nodeA.heartbeatTurn(), "the turn stays with its node");
        assertFalse(nodeB.heartbeatTurn());
        // the turn is one lock, not stacked per ask: ended with the node's session, it is free at once
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks "
                + "WHERE locktype = 'advisory' AND classid::bigint = ? AND granted")) {
            ps.setLong(1, PostgresDatabaseLocks.HEARTBEAT_CLASS_ID);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "one holder of the heartbeat's turn");
            }
        }
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) "
                + "FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, "patina node node-a");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next() && rs.getBoolean(1), "node-a's session was found and ended");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean b = nodeB.heartbeatTurn();
        while (!b && System.nanoTime() < deadline) {
            Thread.sleep(100);
            b = nodeB.heartbeatTurn();
        }
        assertTrue(b, "node-a is gone: node-b takes the heartbeat's turn");
        assertFalse(nodeA.heartbeatTurn(), "node-a, back with a new session, does not take it back");
        nodeB.close();
        assertTrue(nodeA.heartbeatTurn(), "node-b closed: node-a sends again");
    }
}
