package dev.grove.patina.backup.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.model.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a replica is stale (issue 14 §2: lag that monitoring sees): its last sync failed and left objects missing, or it
 * lacks an object stored on the primary more than 26 h ago (BackupFreshness) — on a real second S3 server and a
 * folder. Being behind by the objects of the run in progress is not stale.
 */
class ReplicaStalenessTest {
    static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");

    @TempDir
    Path dir;
    ReplicaFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void behindByTheRunInProgressIsNotStaleButTwentySevenHoursIs() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        assertEquals(RunStatus.OK, fx.nightly().status());
        ReplicaSync sync = fx.sync();

        for (ReplicaState s : sync.states(NIGHT.plusSeconds(60))) {
            assertEquals(2, s.behind());
            assertFalse(s.isStale(), s.toString());
        }
        assertFalse(sync.states(NIGHT.plus(Duration.ofHours(26))).get(0).isStale(), "26 h is still fresh");
        ReplicaState late = sync.states(NIGHT.plus(Duration.ofHours(27))).get(0);
        assertEquals("replica offsite: 2 object(s) still to copy, the oldest stored 27 h ago (more than 26 h)",
                late.stale());

        sync.sync();
        for (ReplicaState s : sync.states(NIGHT.plus(Duration.ofHours(27)))) {
            assertEquals(0, s.behind());
            assertNull(s.stale(), s.toString());
        }
    }

    @Test
    void aFailedSyncMakesTheReplicaStaleUntilItsCopiesArrive() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        assertEquals(RunStatus.OK, fx.nightly().status());
        fx.proxyB.refuseAll(true);

        fx.sync().sync();

        List<ReplicaState> states = fx.sync().states(NIGHT.plusSeconds(60));
        ReplicaState offsite = states.get(0);
        assertTrue(offsite.isStale(), offsite.toString());
        assertTrue(offsite.stale().startsWith("replica offsite: the last sync failed, 2 object(s) still to copy (")
                && offsite.stale().contains("on replica offsite failed"), offsite.stale());
        assertEquals(Boolean.TRUE, offsite.toJsonMap().get("stale"));
        assertFalse(states.get(1).isStale(), "usb got its copies: " + states.get(1));

        fx.proxyB.refuseAll(false);
        fx.sync().sync();
        assertFalse(fx.sync().states(NIGHT.plusSeconds(120)).get(0).isStale());
    }
}
