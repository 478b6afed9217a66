package dev.grove.patina.backup.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.s3.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicas' sync on real stores (issue 14 §2): a second S3 server and a local folder get every object of the
 * primary, read back with the same SHA-256; faults of ../shared/design/RELIABILITY.md applied to the replica
 * (refused connections, a reset mid-upload, 200 failures in a row, a replica that stops answering) leave the copy
 * pending with the reason and never touch the primary, and the next sync catches up.
 */
class ReplicaSyncTest {
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
    void everyObjectIsCopiedToEachReplicaAndReadBackWithThePrimarysSha256() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        RunReport night = fx.nightly();
        assertEquals(RunStatus.OK, night.status(), night.failures().toString());

        List<ReplicaOutcome> outcomes = fx.sync().sync();

        assertEquals(List.of(new ReplicaOutcome("offsite", 2, 0, 0, null), new ReplicaOutcome("usb", 2, 0, 0, null)),
                outcomes);
        TreeMap<String, String> primary = ReplicaFixture.contents(fx.primary, fx.keys);
        assertEquals(2, primary.size());
        assertEquals(primary, ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()), "same keys, same bytes");
        assertEquals(primary, ReplicaFixture.contents(fx.usbStore, fx.usb.keys()));
        assertTrue(fx.serverB.objectKeys(fx.bucketB).stream().allMatch(k -> k.startsWith("copies/daily/")),
                "under the replica's own prefix: " + fx.serverB.objectKeys(fx.bucketB));
        for (StoredObject o : objects()) {
            for (ObjectCopy c : fx.catalog.copies().of(o.key())) {
                assertEquals(CopyState.PRESENT, c.state(), c.toString());
                assertEquals(o.sha256(), c.sha256());
                assertEquals(o.size(), c.size());
                assertEquals(NIGHT, c.copiedAt());
                assertNull(c.lastError());
            }
            assertEquals(2, fx.catalog.copies().of(o.key()).size());
            // metadata travels with the copy: the replica's object says what it is without the catalog
            assertEquals(o.sha256(), fx.usbStore.head(o.key()).orElseThrow().metadata().get(dev.grove.patina.backup.ObjectMetadata.SHA256));
        }
        assertEquals(List.of(new ReplicaOutcome("offsite", 0, 0, 0, null), new ReplicaOutcome("usb", 0, 0, 0, null)),
                fx.sync().sync(), "a second sync has nothing to do");
    }

    @Test
    void aReplicaThatRefusesConnectionsStaysPendingWithTheReasonAndTheNextSyncCatchesUp() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        fx.proxyB.refuseAll(true);
        assertEquals(RunStatus.OK, fx.nightly().status(), "the primary does not notice");

        List<ReplicaOutcome> down = fx.sync().sync();

        ReplicaOutcome offsite = down.get(0);
        assertEquals("offsite", offsite.replica());
        assertEquals(0, offsite.copied());
        assertEquals(2, offsite.behind());
        assertTrue(offsite.failed());
        assertTrue(offsite.error().contains("replica offsite failed"), offsite.error());
        assertEquals(new ReplicaOutcome("usb", 2, 0, 0, null), down.get(1), "the other replica is not held up");
        for (StoredObject o : objects()) {
            ObjectCopy c = fx.catalog.copies().get(o.key(), "offsite").orElseThrow();
            assertEquals(CopyState.PENDING, c.state());
            assertEquals(1, c.attempts());
            assertNotNull(c.lastError());
            assertFalse(c.lastError().contains(S3ProxyServer.SECRET_KEY), c.lastError());
        }
        assertEquals(List.of(), fx.serverB.objectKeys(fx.bucketB), "nothing half-copied");

        fx.proxyB.refuseAll(false);
        List<ReplicaOutcome> back = fx.sync().sync();

        assertEquals(new ReplicaOutcome("offsite", 2, 0, 0, null), back.get(0));
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys),
                ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
        for (StoredObject o : objects()) {
            ObjectCopy c = fx.catalog.copies().get(o.key(), "offsite").orElseThrow();
            assertEquals(CopyState.PRESENT, c.state());
            assertEquals(2, c.attempts(), "one failed attempt, one that worked");
            assertNull(c.lastError());
        }
    }

    @Test
    void aReplicaThatRefusesWritesWithItsCredentialsNamesTheReplicaAndNeverTheSecret() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        assertEquals(RunStatus.OK, fx.nightly().status());
        String wrong = "wrong-replica-secret-that-must-never-show-77";
        try (dev.grove.patina.store.s3.S3Store refusing = new dev.grove.patina.store.s3.S3Store(
                dev.grove.patina.store.s3.S3Settings.of(fx.serverB.endpoint(), fx.bucketB,
                        S3ProxyServer.ACCESS_KEY, new dev.grove.patina.util.Secret(wrong, "env:WRONG"), "")
                        .withRetryPolicy(new dev.grove.patina.store.s3.RetryPolicy(2, Duration.ofMillis(1),
                                Duration.ofMillis(2))), dev.grove.patina.util.Sleeper.system())) {
            Replica locked = new Replica("locked", refusing, new ObjectKeys(""), Duration.ofSeconds(30));
            ReplicaSync sync = new ReplicaSync(fx.primary, fx.keys, fx.catalog, List.of(locked),
                    new dev.grove.patina.backup.Redactor(List.of(new dev.grove.patina.util.Secret(wrong, "env:W"))),
                    fx.clock);

            ReplicaOutcome outcome = sync.sync().get(0);

            assertTrue(outcome.failed() && outcome.error().contains("replica locked failed"), outcome.toString());
            assertFalse(outcome.error().contains(wrong), outcome.error());
            assertEquals(2, outcome.behind());
            for (StoredObject o : objects()) {
                ObjectCopy c = fx.catalog.copies().get(o.key(), "locked").orElseThrow();
                assertEquals(CopyState.PENDING, c.state());
                assertFalse(c.lastError().contains(wrong), c.lastError());
            }
            assertEquals(List.of(), fx.serverB.objectKeys(fx.bucketB), "nothing was written");
        }
    }

    @Test
    void twoHundredFailuresInARowNeverFailTheSyncAndTheCopiesArriveAfter() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 10);
        assertEquals(RunStatus.OK, fx.nightly().status());
        fx.proxyB.answer503(200);
        int syncs = 0;
        ReplicaOutcome offsite;
        do {
            offsite = fx.sync().sync().get(0);
            syncs++;
        } while (offsite.behind() > 0 && syncs < 40);

        assertEquals(200, fx.proxyB.served503(), "all 200 failures were served");
        assertTrue(syncs > 1, "the failures spanned syncs: " + syncs);
        assertEquals(0, offsite.behind(), offsite.toString());
        assertNull(offsite.error());
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys),
                ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
        for (StoredObject o : objects()) {
            ObjectCopy c = fx.catalog.copies().get(o.key(), "offsite").orElseThrow();
            assertEquals(CopyState.PRESENT, c.state());
            assertEquals(o.sha256(), c.sha256());
        }
    }

    @Test
    void aConnectionResetMidUploadEndsWithTheSameBytesOnTheReplica() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        assertEquals(RunStatus.OK, fx.nightly().status());
        fx.proxyB.resetUpstreamAfter(1500);

        ReplicaOutcome first = fx.sync().sync().get(0);
        ReplicaOutcome second = first.behind() == 0 ? first : fx.sync().sync().get(0);

        assertTrue(fx.proxyB.resets() >= 1, "a reset happened");
        assertEquals(0, second.behind(), second.toString());
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys),
                ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
    }

    @Test
    void aReplicaThatStopsAnsweringIsWaitedForOnlyItsTimeout() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(1), 3);
        assertEquals(RunStatus.OK, fx.nightly().status());
        fx.proxyB.stallRequestsContaining("PUT ");

        long start = System.nanoTime();
        List<ReplicaOutcome> outcomes = fx.sync().sync();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // bounded: the timeout (1 s) and the grace to record (2 s), far from the stalled request's end (never)
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "the sync waited " + took);
        ReplicaOutcome offsite = outcomes.get(0);
        assertTrue(offsite.failed() && offsite.error().contains("stopped waiting for replica offsite after 1 s"),
                offsite.toString());
        assertEquals(2, offsite.behind());
        assertEquals(new ReplicaOutcome("usb", 2, 0, 0, null), outcomes.get(1));
        assertTrue(fx.proxyB.stalled() >= 1);

        fx.proxyB.releaseStalls();
        ReplicaFixture late = fx;
        ReplicaOutcome after = null;
        for (int i = 0; i < 5 && (after == null || after.behind() > 0); i++) {
            after = late.sync().sync().get(0); // the stalled pass may still finish its put meanwhile
        }
        assertEquals(0, after.behind(), after.toString());
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys),
                ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
    }

    private List<StoredObject> objects() {
        return fx.catalog.findObjects(dev.grove.patina.catalog.ObjectQuery.firstPage(100)).items();
    }
}
