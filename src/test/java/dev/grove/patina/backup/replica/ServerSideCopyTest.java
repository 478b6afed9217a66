package dev.grove.patina.backup.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.store.s3.S3ProxyServer;
import dev.grove.patina.store.s3.S3Store;
import dev.grove.patina.testing.LogCapture;
import dev.grove.patina.util.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side copies (issue 14 §2, ADR 0013): a replica in another bucket of the primary's S3 endpoint gets its copies
 * by CopyObject — no object byte goes up through Patina, counted at the endpoint — then read back in full against
 * the catalog's SHA-256. A refused copy (the replica's credentials cannot read the primary's bucket) falls back to
 * streaming, said once; {@code copy = "stream"} and a replica on another server stream; a primary object damaged
 * after its backup is caught by the read-back and leaves no copy.
 */
class ServerSideCopyTest {
    static final Instant NIGHT = Instant.parse("2026-11-28T02:00:00Z");
    /** Random (incompressible) bytes per database, so the objects dwarf the requests' headers. */
    static final int LARGE = 1_500_000;

    @TempDir
    Path dir;
    ReplicaFixture fx;
    Replica twin;
    long total;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ReplicaFixture(dir, NIGHT, Duration.ofSeconds(30), 3);
        fx.grow(LARGE);
        assertEquals(RunStatus.OK, fx.nightly().status());
        total = objects().stream().mapToLong(StoredObject::size).sum();
        assertTrue(total > 2L * LARGE, "objects of " + total + " bytes");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (twin != null) {
            ((S3Store) twin.store()).close();
        }
        fx.close();
    }

    @Test
    void aReplicaOnThePrimarysEndpointCopiesServerSideAndReadsEveryCopyBack() throws Exception {
        twin = fx.twin("twin", true);
        long up = fx.proxyA.upstreamBytes();
        long down = fx.proxyA.downstreamBytes();

        ReplicaOutcome outcome;
        try (LogCapture log = new LogCapture(Level.INFO)) {
            outcome = sync(twin);
            assertEquals(2, log.messages(Level.INFO).stream().filter(m -> m.contains("copied ")
                    && m.contains("server-side")).count(), log.messages(Level.INFO).toString());
        }

        assertEquals(new ReplicaOutcome("twin", 2, 0, 0, null), outcome);
        long sent = fx.proxyA.upstreamBytes() - up;
        assertTrue(sent < total / 20, "only requests went up, no object bytes: " + sent + " of " + total);
        assertTrue(fx.proxyA.downstreamBytes() - down >= total, "each copy was read back in full");
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys), ReplicaFixture.contents(twin.store(), twin.keys()));
        for (StoredObject o : objects()) {
            ObjectCopy c = fx.catalog.copies().get(o.key(), "twin").orElseThrow();
            assertEquals(CopyState.PRESENT, c.state());
            assertEquals(o.sha256(), c.sha256());
            assertEquals(o.size(), c.size());
            assertEquals(fx.primary.head(o.key()).orElseThrow().metadata(),
                    twin.store().head("twin/" + o.key()).orElseThrow().metadata(), "the user metadata is copied");
        }
    }

    @Test
    void copyStreamAndAReplicaOnAnotherServerStreamThroughPatina() throws Exception {
        twin = fx.twin("twin", false);
        long up = fx.proxyA.upstreamBytes();
        long upB = fx.proxyB.upstreamBytes();

        assertEquals(new ReplicaOutcome("twin", 2, 0, 0, null), sync(twin));
        assertTrue(fx.proxyA.upstreamBytes() - up >= total, "copy = stream: the bytes went up through Patina");

        assertEquals(new ReplicaOutcome("offsite", 2, 0, 0, null), sync(fx.offsite));
        assertTrue(fx.proxyB.upstreamBytes() - upB >= total, "another endpoint: streamed");
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys), ReplicaFixture.contents(twin.store(), twin.keys()));
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys),
                ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
    }

    @Test
    void aRefusedServerSideCopyFallsBackToStreamingAndSaysWhyOnce() throws Exception {
        twin = fx.twin("twin", true);
        fx.proxyA.forbidRequestsContaining("x-amz-copy-source:");
        long up = fx.proxyA.upstreamBytes();

        ReplicaOutcome outcome;
        try (LogCapture log = new LogCapture(Level.INFO)) {
            outcome = sync(twin);
            List<String> why = log.messages(Level.WARN).stream().filter(m -> m.contains("server-side copy was"
                    + " refused")).toList();
            assertEquals(1, why.size(), "once per replica and run: " + why);
            assertTrue(why.get(0).contains("replica twin") && why.get(0).contains("403"), why.get(0));
            assertFalse(log.everything().contains(S3ProxyServer.SECRET_KEY), "no secret in the log");
        }

        assertEquals(1, fx.proxyA.forbidden(), "tried once, then streamed for the rest of the run");
        assertEquals(new ReplicaOutcome("twin", 2, 0, 0, null), outcome);
        assertTrue(fx.proxyA.upstreamBytes() - up >= total, "streamed");
        assertEquals(ReplicaFixture.contents(fx.primary, fx.keys), ReplicaFixture.contents(twin.store(), twin.keys()));
    }

    @Test
    void aPrimaryObjectDamagedAfterItsBackupIsCaughtByTheReadBackAndLeavesNoCopy() throws Exception {
        twin = fx.twin("twin", true);
        StoredObject victim = objects().get(0);
        byte[] bytes = fx.serverA.objectBytes(fx.bucketA, victim.key());
        bytes[bytes.length / 2] ^= 0x40;
        fx.serverA.overwrite(fx.bucketA, victim.key(), bytes);

        ReplicaOutcome outcome = sync(twin);

        assertTrue(outcome.failed(), outcome.toString());
        assertTrue(outcome.error().contains(victim.key()) && outcome.error().contains("replica twin")
                && outcome.error().contains("damaged"), outcome.error());
        ObjectCopy c = fx.catalog.copies().get(victim.key(), "twin").orElseThrow();
        assertEquals(CopyState.PENDING, c.state());
        assertTrue(c.lastError().contains(victim.key()), c.lastError());
        String bucket = ((S3Store) twin.store()).settings().bucket();
        assertFalse(fx.serverA.objectKeys(bucket).contains("twin/" + victim.key()),
                "the bad copy is not kept: " + fx.serverA.objectKeys(bucket));
    }

    private ReplicaOutcome sync(Replica replica) {
        return new ReplicaSync(fx.primary, fx.keys, fx.catalog, List.of(replica),
                new Redactor(List.of(new Secret(S3ProxyServer.SECRET_KEY, "env:A"))), fx.clock).sync().get(0);
    }

    private List<StoredObject> objects() {
        return fx.catalog.findObjects(ObjectQuery.firstPage(100)).items();
    }
}
