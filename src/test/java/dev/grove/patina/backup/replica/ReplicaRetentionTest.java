package dev.grove.patina.backup.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.CleanupService;
import dev.grove.patina.backup.ObjectMetadata;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.store.local.LocalFolderStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a replica (issue 14 §2): the primary's plan applies to the replica too — what the cleanup removes from
 * the primary the next sync removes from the replica — but nothing is deleted from a replica that the primary lacks:
 * an object the primary lost keeps its replica copy, and the plan's reason says so. A key stored again on the
 * primary (other bytes) is copied again.
 */
class ReplicaRetentionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    @Test
    void theReplicaFollowsThePlanButKeepsWhatThePrimaryLost() throws Exception {
        ReplicaFixture.MovableClock clock = new ReplicaFixture.MovableClock(TODAY.atTime(4, 0)
                .toInstant(java.time.ZoneOffset.UTC));
        LocalFolderStore primary = new LocalFolderStore(dir.resolve("primary"));
        LocalFolderStore replicaStore = new LocalFolderStore(dir.resolve("replica"));
        ObjectKeys keys = new ObjectKeys("");
        Replica replica = new Replica("nas", replicaStore, new ObjectKeys("mirror"), Duration.ofSeconds(30));
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.sqlite"), clock)) {
            String newest = store(primary, catalog, keys, TODAY, "newest");
            String expired = store(primary, catalog, keys, TODAY.minusDays(20), "expired");
            String lost = store(primary, catalog, keys, TODAY.minusDays(21), "lost");
            ReplicaSync sync = new ReplicaSync(primary, keys, catalog, List.of(replica), Redactor.none(), clock);
            assertEquals(List.of(new ReplicaOutcome("nas", 3, 0, 0, null)), sync.sync());
            assertEquals(3, replicaStore.list("mirror/daily/").size());

            // verify found the oldest missing on the primary: the primary lost it
            catalog.markDamaged(lost, clock.instant(), "missing: the store has no object under this key");
            CleanupService cleanup = new CleanupService(primary, keys, catalog, clock,
                    new ReplicaPlanNotes(List.of("nas")));
            RetentionPlan plan = cleanup.plan(new RetentionPolicy(7, 12), TODAY);

            Decision lostDecision = plan.decision(lost).orElseThrow();
            assertEquals(Decision.Action.REMOVE, lostDecision.action());
            assertTrue(lostDecision.reason().contains("the primary lost it, so the replica nas keeps its copy"),
                    lostDecision.reason());
            Decision expiredDecision = plan.decision(expired).orElseThrow();
            assertEquals(Decision.Action.REMOVE, expiredDecision.action());
            assertTrue(expiredDecision.reason().endsWith("— removed from the replica nas too"),
                    expiredDecision.reason());
            assertEquals(Decision.Action.KEEP, plan.decision(newest).orElseThrow().action());
            assertTrue(cleanup.apply(plan).complete());

            assertEquals(new ReplicaOutcome("nas", 0, 1, 0, null), sync.sync().get(0));
            assertEquals(List.of("mirror/daily/2026-11-07/app.sql", "mirror/daily/2026-11-28/app.sql"),
                    replicaStore.list("mirror/daily/").stream().map(o -> o.key()).toList(),
                    "the expired copy is gone, the one the primary lost is kept");
            assertEquals(CopyState.DELETED, catalog.copies().get(expired, "nas").orElseThrow().state());
            assertEquals(CopyState.PRESENT, catalog.copies().get(lost, "nas").orElseThrow().state());
            assertEquals(CopyState.PRESENT, catalog.copies().get(newest, "nas").orElseThrow().state());

            // the same key stored again with other bytes (a second backup that day) is copied again
            store(primary, catalog, keys, TODAY, "newest, again");
            assertEquals(1, catalog.copies().behind("nas"));
            assertEquals(new ReplicaOutcome("nas", 1, 0, 0, null), sync.sync().get(0));
            assertEquals("newest, again", new String(replicaStore.get("mirror/" + newest).readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    private static String store(LocalFolderStore primary, Catalog catalog, ObjectKeys keys, LocalDate date,
                                String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String key = keys.daily(date, "app", "");
        primary.put(key, out -> {
            out.write(bytes);
            return Map.of(ObjectMetadata.SHA256, sha);
        });
        catalog.recordObject(new StoredObject(key, "app", ObjectKind.DAILY, date, bytes.length, sha, Map.of(),
                Instant.parse(date + "T02:00:00Z").plusMillis(text.length()), null, null));
        return key;
    }
}
