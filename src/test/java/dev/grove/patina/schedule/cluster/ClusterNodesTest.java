package dev.grove.patina.schedule.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster's nodes read from Quartz's own {@code qrtz_scheduler_state} on a real PostgreSQL (rows as Quartz
 * writes them), and a look that stays bounded when PostgreSQL does not answer.
 */
@Tag("cluster")
class ClusterNodesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T23:00:00Z");

    private ClusterPostgres pg;
    private ClusterDatabase db;
    private ClusterNodes nodes;

    @BeforeEach
    void open() throws Exception {
        pg = ClusterPostgres.fromEnvFile();
        pg.createDatabase();
        db = ClusterDatabase.open(pg.clusterConfig("node-a"));
        nodes = new ClusterNodes(db, "node-a", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
        db.close();
        pg.close();
    }

    private void checkedIn(String scheduler, String node, Duration ago) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + ClusterDatabase.SCHEMA + ".qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, "
                + "checkin_interval) VALUES (?, ?, ?, 7500)")) {
            ps.setString(1, scheduler);
            ps.setString(2, node);
            ps.setLong(3, NOW.minus(ago).toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Test
    void listsTheNodesWithTheirLastCheckInAndState() throws Exception {
        checkedIn(ClusterNodes.SCHEDULER_NAME, "node-a", Duration.ofSeconds(3));
        checkedIn(ClusterNodes.SCHEDULER_NAME, "node-b", Duration.ofSeconds(20));
        checkedIn(ClusterNodes.SCHEDULER_NAME, "node-c", Duration.ofMinutes(5));
        checkedIn("another-scheduler", "node-x", Duration.ZERO);

        ClusterNodes.ClusterLook look = nodes.look(Duration.ofSeconds(5));
        assertTrue(look.reachable(), String.valueOf(look.problem()));
        assertEquals("node-a", look.node());
        List<ClusterNodes.ClusterNode> all = look.nodes();
        assertEquals(List.of("node-a", "node-b", "node-c"), all.stream().map(ClusterNodes.ClusterNode::name).toList());
        assertEquals(List.of(ClusterNodes.ALIVE, ClusterNodes.LATE, ClusterNodes.DEAD),
                all.stream().map(ClusterNodes.ClusterNode::state).toList());
        assertEquals(NOW.minusSeconds(20), all.get(1).lastCheckIn());
        assertEquals(Duration.ofMillis(7500), all.get(1).interval());
        assertTrue(all.get(0).self());
        assertFalse(all.get(1).self());
        assertEquals("reachable", look.toJsonMap().get("postgres"));
    }

    @Test
    void aLookIsBoundedWhenPostgresDoesNotAnswer() throws Exception {
        try (Connection blocker = pg.connect(); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + ClusterDatabase.SCHEMA + ".qrtz_scheduler_state IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            ClusterNodes.ClusterLook look = nodes.look(Duration.ofMillis(500));
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertFalse(look.reachable());
            assertTrue(took < 2_000, "answered in " + took + " ms");
            assertEquals("unreachable", look.toJsonMap().get("postgres"));
            assertTrue(look.problem().contains(pg.hostPort()) && look.problem().contains("no answer within 500 ms"),
                    look.problem());
            assertFalse(look.problem().contains(pg.password()));
            blocker.rollback();
        }
        // the server answers again: so does the next look
        ClusterNodes.ClusterLook later = nodes.look(Duration.ofSeconds(5));
        assertTrue(later.reachable(), String.valueOf(later.problem()));
    }

    @Test
    void aClosedPoolIsUnreachableInOneLine() {
        db.close();
        ClusterNodes.ClusterLook look = nodes.look(Duration.ofSeconds(2));
        assertFalse(look.reachable());
        assertNotNull(look.problem());
        assertEquals(1, look.problem().lines().count(), look.problem());
        assertTrue(look.problem().startsWith("the cluster's PostgreSQL at " + pg.hostPort() + " is unreachable"),
                look.problem());
    }
}
